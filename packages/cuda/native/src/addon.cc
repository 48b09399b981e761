// The Node-API surface of @taimatsu/cuda: device discovery, memory, copies,
// module loading, kernel launches and cuBLAS GEMM, on one stream per device.
// Everything above this (allocator, argument packing, which kernel to launch)
// is TypeScript; this file only forwards to the driver and turns its error
// codes into JavaScript errors.
#include <napi.h>

#include <cstring>
#include <string>
#include <vector>

#include "loader.h"

namespace {

using namespace cu;

struct DeviceState {
  bool open = false;
  CUdevice device = 0;
  CUcontext context = nullptr;
  CUstream stream = nullptr;
  cublasHandle_t blas = nullptr;
  bool allowTF32 = false;
};

std::vector<DeviceState> devices;
struct Function {
  int device;
  CUfunction fn;
};
std::vector<Function> functions;
int currentDevice = -1;

const Driver& drv(const Napi::Env& env) {
  const DriverLoad& l = loadDriver();
  if (!l.driver) throw Napi::Error::New(env, "CUDA driver unavailable: " + l.error);
  return *l.driver;
}

std::string describe(CUresult r) {
  const DriverLoad& l = loadDriver();
  const char* name = nullptr;
  const char* text = nullptr;
  if (l.driver) {
    l.driver->cuGetErrorName(r, &name);
    l.driver->cuGetErrorString(r, &text);
  }
  return std::string(name ? name : "CUDA error") + " (" + std::to_string(r) + "): " + (text ? text : "unknown error");
}

void check(const Napi::Env& env, CUresult r, const char* what) {
  if (r != CUDA_SUCCESS) throw Napi::Error::New(env, std::string(what) + " failed: " + describe(r));
}

/** The open device `index`, its context made current on this thread. */
DeviceState& use(const Napi::Env& env, int index) {
  if (index < 0 || index >= static_cast<int>(devices.size()) || !devices[index].open) {
    throw Napi::RangeError::New(env, "cuda:" + std::to_string(index) + " is not open");
  }
  DeviceState& d = devices[index];
  if (currentDevice != index) {
    check(env, drv(env).cuCtxSetCurrent(d.context), "cuCtxSetCurrent");
    currentDevice = index;
  }
  return d;
}

int intArg(const Napi::CallbackInfo& info, size_t i) { return info[i].As<Napi::Number>().Int32Value(); }
CUdeviceptr ptrArg(const Napi::CallbackInfo& info, size_t i) {
  return static_cast<CUdeviceptr>(info[i].As<Napi::Number>().Int64Value());
}
size_t sizeArg(const Napi::CallbackInfo& info, size_t i) {
  return static_cast<size_t>(info[i].As<Napi::Number>().Int64Value());
}

/** Bytes and base address of a typed array (or Buffer). */
std::pair<uint8_t*, size_t> bytesOf(const Napi::Value& v) {
  Napi::TypedArray a = v.As<Napi::TypedArray>();
  uint8_t* base = static_cast<uint8_t*>(a.ArrayBuffer().Data()) + a.ByteOffset();
  return {base, a.ByteLength()};
}

// probe() -> { library, tried, error?, initError?, driverVersion, devices: [...] }
Napi::Value Probe(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  const DriverLoad& l = loadDriver();
  Napi::Array tried = Napi::Array::New(env, l.tried.size());
  for (size_t i = 0; i < l.tried.size(); i++) tried[i] = l.tried[i];
  out["tried"] = tried;
  out["library"] = l.library;
  out["devices"] = Napi::Array::New(env, 0);
  if (!l.driver) {
    out["error"] = l.error;
    return out;
  }
  const Driver& d = *l.driver;
  int version = 0;
  d.cuDriverGetVersion(&version);
  out["driverVersion"] = version;
  CUresult r = d.cuInit(0);
  if (r != CUDA_SUCCESS) {
    out["initError"] = describe(r);
    out["initCode"] = r;
    return out;
  }
  int count = 0;
  check(env, d.cuDeviceGetCount(&count), "cuDeviceGetCount");
  if (devices.size() < static_cast<size_t>(count)) devices.resize(count);
  Napi::Array list = Napi::Array::New(env, count);
  for (int i = 0; i < count; i++) {
    CUdevice dev;
    check(env, d.cuDeviceGet(&dev, i), "cuDeviceGet");
    char name[256] = {0};
    d.cuDeviceGetName(name, sizeof name, dev);
    int major = 0, minor = 0, sms = 0;
    d.cuDeviceGetAttribute(&major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev);
    d.cuDeviceGetAttribute(&minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev);
    d.cuDeviceGetAttribute(&sms, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, dev);
    size_t total = 0;
    d.cuDeviceTotalMem(&total, dev);
    Napi::Object o = Napi::Object::New(env);
    o["name"] = std::string(name);
    o["major"] = major;
    o["minor"] = minor;
    o["multiprocessors"] = sms;
    o["totalBytes"] = static_cast<double>(total);
    list[i] = o;
  }
  out["devices"] = list;
  return out;
}

// openDevice(index): the primary context and one non-blocking stream
void OpenDevice(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int index = intArg(info, 0);
  if (index < 0 || index >= static_cast<int>(devices.size())) throw Napi::RangeError::New(env, "no such CUDA device");
  DeviceState& s = devices[index];
  if (s.open) return;
  const Driver& d = drv(env);
  check(env, d.cuDeviceGet(&s.device, index), "cuDeviceGet");
  check(env, d.cuDevicePrimaryCtxRetain(&s.context, s.device), "cuDevicePrimaryCtxRetain");
  check(env, d.cuCtxSetCurrent(s.context), "cuCtxSetCurrent");
  currentDevice = index;
  check(env, d.cuStreamCreate(&s.stream, CU_STREAM_NON_BLOCKING), "cuStreamCreate");
  s.open = true;
}

// malloc(dev, bytes) -> address, or -1 when the device is out of memory (the allocator frees its cache and retries)
Napi::Value Malloc(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  use(env, intArg(info, 0));
  CUdeviceptr p = 0;
  CUresult r = drv(env).cuMemAlloc(&p, sizeArg(info, 1));
  if (r == CUDA_ERROR_OUT_OF_MEMORY) return Napi::Number::New(env, -1);
  check(env, r, "cuMemAlloc");
  return Napi::Number::New(env, static_cast<double>(p));
}

void Free(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  use(env, intArg(info, 0));
  check(env, drv(env).cuMemFree(ptrArg(info, 1)), "cuMemFree");
}

Napi::Value MemInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  use(env, intArg(info, 0));
  size_t freeBytes = 0, total = 0;
  check(env, drv(env).cuMemGetInfo(&freeBytes, &total), "cuMemGetInfo");
  Napi::Array a = Napi::Array::New(env, 2);
  a[0u] = static_cast<double>(freeBytes);
  a[1u] = static_cast<double>(total);
  return a;
}

// write(dev, address, hostArray): from pageable memory the driver stages the
// bytes before returning, so the caller may reuse the array at once
void Write(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  DeviceState& s = use(env, intArg(info, 0));
  auto [data, bytes] = bytesOf(info[2]);
  if (bytes == 0) return;
  check(env, drv(env).cuMemcpyHtoDAsync(ptrArg(info, 1), data, bytes, s.stream), "cuMemcpyHtoDAsync");
}

// readSync(dev, address, hostArray): a copy and a stream synchronization, as PyTorch's .item()
void ReadSync(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  DeviceState& s = use(env, intArg(info, 0));
  auto [data, bytes] = bytesOf(info[2]);
  const Driver& d = drv(env);
  if (bytes > 0) check(env, d.cuMemcpyDtoHAsync(data, ptrArg(info, 1), bytes, s.stream), "cuMemcpyDtoHAsync");
  check(env, d.cuStreamSynchronize(s.stream), "cuStreamSynchronize");
}

/** Waits for an event on a worker thread, then copies a pinned staging buffer into the JS array. */
class EventWait : public Napi::AsyncWorker {
 public:
  EventWait(Napi::Env env, int device, CUevent event, void* staging, size_t bytes, Napi::Value target)
      : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)), device_(device), event_(event),
        staging_(staging), bytes_(bytes) {
    if (!target.IsUndefined()) target_ = Napi::Persistent(target.As<Napi::Object>());
  }
  Napi::Promise Promise() { return deferred_.Promise(); }

  void Execute() override {
    const Driver& d = *loadDriver().driver;
    result_ = d.cuCtxSetCurrent(devices[device_].context);
    if (result_ == CUDA_SUCCESS) result_ = d.cuEventSynchronize(event_);
  }
  void OnOK() override {
    Napi::Env env = Env();
    const Driver& d = *loadDriver().driver;
    if (result_ == CUDA_SUCCESS && bytes_ > 0) std::memcpy(bytesOf(target_.Value()).first, staging_, bytes_);
    if (staging_) d.cuMemFreeHost(staging_);
    d.cuEventDestroy(event_);
    if (result_ == CUDA_SUCCESS) deferred_.Resolve(env.Undefined());
    else deferred_.Reject(Napi::Error::New(env, "waiting for cuda:" + std::to_string(device_) + " failed: " + describe(result_)).Value());
  }

 private:
  Napi::Promise::Deferred deferred_;
  int device_;
  CUevent event_;
  void* staging_;
  size_t bytes_;
  CUresult result_ = CUDA_SUCCESS;
  Napi::ObjectReference target_;
};

/** Records an event after the work queued so far (and an optional read into pinned memory) and waits off the main thread. */
Napi::Value Wait(const Napi::CallbackInfo& info, bool withRead) {
  Napi::Env env = info.Env();
  int index = intArg(info, 0);
  DeviceState& s = use(env, index);
  const Driver& d = drv(env);
  void* staging = nullptr;
  size_t bytes = 0;
  if (withRead) {
    bytes = bytesOf(info[2]).second;
    if (bytes > 0) {
      check(env, d.cuMemAllocHost(&staging, bytes), "cuMemAllocHost");
      CUresult r = d.cuMemcpyDtoHAsync(staging, ptrArg(info, 1), bytes, s.stream);
      if (r != CUDA_SUCCESS) d.cuMemFreeHost(staging);
      check(env, r, "cuMemcpyDtoHAsync");
    }
  }
  CUevent event;
  check(env, d.cuEventCreate(&event, CU_EVENT_DISABLE_TIMING), "cuEventCreate");
  check(env, d.cuEventRecord(event, s.stream), "cuEventRecord");
  auto* w = new EventWait(env, index, event, staging, bytes, withRead ? info[2] : env.Undefined());
  Napi::Promise p = w->Promise();
  w->Queue();
  return p;
}

// readAsync(dev, address, hostArray) -> Promise<void>
Napi::Value ReadAsync(const Napi::CallbackInfo& info) { return Wait(info, true); }
// synchronizeAsync(dev) -> Promise<void>
Napi::Value SynchronizeAsync(const Napi::CallbackInfo& info) { return Wait(info, false); }

void Synchronize(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  DeviceState& s = use(env, intArg(info, 0));
  check(env, drv(env).cuStreamSynchronize(s.stream), "cuStreamSynchronize");
}

// copy(dev, dst, src, bytes)
void Copy(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  DeviceState& s = use(env, intArg(info, 0));
  size_t bytes = sizeArg(info, 3);
  if (bytes == 0) return;
  check(env, drv(env).cuMemcpyDtoDAsync(ptrArg(info, 1), ptrArg(info, 2), bytes, s.stream), "cuMemcpyDtoDAsync");
}

// memset(dev, address, byte, bytes)
void Memset(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  DeviceState& s = use(env, intArg(info, 0));
  size_t bytes = sizeArg(info, 3);
  if (bytes == 0) return;
  check(env, drv(env).cuMemsetD8Async(ptrArg(info, 1), static_cast<unsigned char>(intArg(info, 2)), bytes, s.stream),
        "cuMemsetD8Async");
}

std::vector<std::pair<int, CUmodule>> modules;

// loadModule(dev, image: Uint8Array (PTX text ending in NUL, or a cubin)) -> module id
Napi::Value LoadModule(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int index = intArg(info, 0);
  use(env, index);
  CUmodule module;
  check(env, drv(env).cuModuleLoadData(&module, bytesOf(info[1]).first), "cuModuleLoadData");
  modules.push_back({index, module});
  return Napi::Number::New(env, static_cast<double>(modules.size() - 1));
}

// getFunction(module, name) -> function id
Napi::Value GetFunction(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  size_t id = sizeArg(info, 0);
  if (id >= modules.size()) throw Napi::RangeError::New(env, "unknown module id");
  use(env, modules[id].first);
  std::string name = info[1].As<Napi::String>();
  CUfunction fn;
  check(env, drv(env).cuModuleGetFunction(&fn, modules[id].second, name.c_str()), ("cuModuleGetFunction(" + name + ")").c_str());
  functions.push_back({modules[id].first, fn});
  return Napi::Number::New(env, static_cast<double>(functions.size() - 1));
}

// launch(fn, gridX, gridY, gridZ, blockX, blockY, blockZ, sharedBytes, params: Uint8Array, paramBytes)
void Launch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  size_t id = sizeArg(info, 0);
  if (id >= functions.size()) throw Napi::RangeError::New(env, "unknown kernel id");
  const Function& f = functions[id];
  DeviceState& s = use(env, f.device);
  uint8_t* params = bytesOf(info[8]).first;
  size_t size = sizeArg(info, 9);
  void* extra[] = {TM_CU_LAUNCH_PARAM_BUFFER_POINTER, params, TM_CU_LAUNCH_PARAM_BUFFER_SIZE, &size,
                   TM_CU_LAUNCH_PARAM_END};
  check(env,
        drv(env).cuLaunchKernel(f.fn, intArg(info, 1), intArg(info, 2), intArg(info, 3), intArg(info, 4),
                                intArg(info, 5), intArg(info, 6), intArg(info, 7), s.stream, nullptr, extra),
        "cuLaunchKernel");
}

// blas(dev) -> { library, error? }: opens cuBLAS and makes the device's handle on its stream
Napi::Value BlasOpen(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  DeviceState& s = use(env, intArg(info, 0));
  std::string library, error;
  const Blas* b = loadBlas(&library, &error);
  Napi::Object out = Napi::Object::New(env);
  out["library"] = library;
  if (!b) {
    out["error"] = error;
    return out;
  }
  if (!s.blas) {
    if (b->cublasCreate(&s.blas) != 0) {
      out["error"] = "cublasCreate failed";
      s.blas = nullptr;
      return out;
    }
    b->cublasSetStream(s.blas, s.stream);
    b->cublasSetMathMode(s.blas, s.allowTF32 ? CUBLAS_TF32_TENSOR_OP_MATH : CUBLAS_DEFAULT_MATH);
  }
  int version = 0;
  b->cublasGetVersion(s.blas, &version);
  out["version"] = version;
  return out;
}

// setAllowTF32(dev, allow): float32 GEMMs may round their inputs to TF32 (off by default, as PyTorch's matmul)
void SetAllowTF32(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  DeviceState& s = use(env, intArg(info, 0));
  s.allowTF32 = info[1].As<Napi::Boolean>();
  std::string library, error;
  const Blas* b = loadBlas(&library, &error);
  if (b && s.blas) b->cublasSetMathMode(s.blas, s.allowTF32 ? CUBLAS_TF32_TENSOR_OP_MATH : CUBLAS_DEFAULT_MATH);
}

// gemm(dev, isDouble, transA, transB, m, n, k, A, lda, strideA, B, ldb, strideB, C, ldc, strideC, batch)
// column-major C = op(A) op(B), alpha 1, beta 0
void Gemm(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  DeviceState& s = use(env, intArg(info, 0));
  std::string library, error;
  const Blas* b = loadBlas(&library, &error);
  if (!b || !s.blas) throw Napi::Error::New(env, "cuBLAS is not open on this device");
  bool isDouble = info[1].As<Napi::Boolean>();
  int ta = info[2].As<Napi::Boolean>() ? CUBLAS_OP_T : CUBLAS_OP_N;
  int tb = info[3].As<Napi::Boolean>() ? CUBLAS_OP_T : CUBLAS_OP_N;
  int m = intArg(info, 4), n = intArg(info, 5), k = intArg(info, 6);
  CUdeviceptr A = ptrArg(info, 7), B = ptrArg(info, 10), C = ptrArg(info, 13);
  int lda = intArg(info, 8), ldb = intArg(info, 11), ldc = intArg(info, 14);
  long long sa = info[9].As<Napi::Number>().Int64Value(), sb = info[12].As<Napi::Number>().Int64Value(),
            sc = info[15].As<Napi::Number>().Int64Value();
  int batch = intArg(info, 16);
  int status;
  if (isDouble) {
    const double one = 1, zero = 0;
    status = b->cublasDgemmStridedBatched(s.blas, ta, tb, m, n, k, &one, reinterpret_cast<const double*>(A), lda, sa,
                                          reinterpret_cast<const double*>(B), ldb, sb, &zero,
                                          reinterpret_cast<double*>(C), ldc, sc, batch);
  } else {
    const float one = 1, zero = 0;
    status = b->cublasSgemmStridedBatched(s.blas, ta, tb, m, n, k, &one, reinterpret_cast<const float*>(A), lda, sa,
                                          reinterpret_cast<const float*>(B), ldb, sb, &zero,
                                          reinterpret_cast<float*>(C), ldc, sc, batch);
  }
  if (status != 0) throw Napi::Error::New(env, "cuBLAS GEMM failed with status " + std::to_string(status));
}

// adjustExternalMemory(deltaBytes): device memory held for tensors, as V8 should weigh it when deciding to collect
Napi::Value AdjustExternalMemory(const Napi::CallbackInfo& info) {
  int64_t total = Napi::MemoryManagement::AdjustExternalMemory(info.Env(), info[0].As<Napi::Number>().Int64Value());
  return Napi::Number::New(info.Env(), static_cast<double>(total));
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports["adjustExternalMemory"] = Napi::Function::New(env, AdjustExternalMemory);
  exports["probe"] = Napi::Function::New(env, Probe);
  exports["openDevice"] = Napi::Function::New(env, OpenDevice);
  exports["malloc"] = Napi::Function::New(env, Malloc);
  exports["free"] = Napi::Function::New(env, Free);
  exports["memInfo"] = Napi::Function::New(env, MemInfo);
  exports["write"] = Napi::Function::New(env, Write);
  exports["readSync"] = Napi::Function::New(env, ReadSync);
  exports["readAsync"] = Napi::Function::New(env, ReadAsync);
  exports["synchronize"] = Napi::Function::New(env, Synchronize);
  exports["synchronizeAsync"] = Napi::Function::New(env, SynchronizeAsync);
  exports["copy"] = Napi::Function::New(env, Copy);
  exports["memset"] = Napi::Function::New(env, Memset);
  exports["loadModule"] = Napi::Function::New(env, LoadModule);
  exports["getFunction"] = Napi::Function::New(env, GetFunction);
  exports["launch"] = Napi::Function::New(env, Launch);
  exports["blasOpen"] = Napi::Function::New(env, BlasOpen);
  exports["setAllowTF32"] = Napi::Function::New(env, SetAllowTF32);
  exports["gemm"] = Napi::Function::New(env, Gemm);
  return exports;
}

}  // namespace

NODE_API_MODULE(taimatsu_cuda, Init)
