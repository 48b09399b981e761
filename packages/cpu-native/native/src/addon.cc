// The Node-API surface. Kept deliberately thin: kernels take no JS arguments
// at all, they read a Float64Array that the JS side fills (src/args.ts) and
// that this module pinned once; buffers are raw addresses passed as numbers.
#include <napi.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "common/memory.h"
#include "common/parallel.h"
#include "common/registry.h"
#include "gemm/gemm.h"
#include "fused/conv_direct.h"
#include "gemm/simd.h"

namespace taimatsu {

namespace {

// Per-environment state (each worker_thread loads its own instance).
struct AddonData {
  Napi::Reference<Napi::Float64Array> args_ref;
  const double* args = nullptr;
  int64_t unreported = 0;  // bytes allocated but not yet reported to V8
  int64_t live_bytes = 0;
};

// V8 hears about native memory so that garbage collection frees tensors
// nobody disposed. Memory freed within the same turn of the event loop (a
// training step under torch.scope allocates and frees hundreds of MiB) never
// needs the collector, and reporting those swings would start a full GC every
// step. So changes are reported once per turn (flushExternalMemory, scheduled
// by the JS allocator), and within a turn only when they pass 256 MiB.
constexpr int64_t kReportStep = int64_t{256} << 20;

void report(napi_env env, AddonData* d) {
  int64_t total;
  napi_adjust_external_memory(env, d->unreported, &total);
  d->unreported = 0;
}

void account(napi_env env, AddonData* d, int64_t delta) {
  d->live_bytes += delta;
  d->unreported += delta;
  if (d->unreported >= kReportStep || d->unreported <= -kReportStep) report(env, d);
}

inline void* address(const Napi::Value& v) {
  return reinterpret_cast<void*>(static_cast<uintptr_t>(v.As<Napi::Number>().DoubleValue()));
}

Napi::Value SetArgs(const Napi::CallbackInfo& info) {
  auto* d = info.Env().GetInstanceData<AddonData>();
  auto arr = info[0].As<Napi::Float64Array>();
  d->args_ref = Napi::Persistent(arr);  // keeps the backing store alive (it never moves)
  d->args = arr.Data();
  return info.Env().Undefined();
}

// alloc and free run once per op: plain Node-API with the state as callback data.
// alloc(bytes) -> address
napi_value Alloc(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  void* raw;
  napi_get_cb_info(env, info, &argc, argv, nullptr, &raw);
  double bytes = 0;
  napi_get_value_double(env, argv[0], &bytes);
  void* p;
  try {
    p = tensor_malloc(static_cast<size_t>(bytes));
  } catch (const std::bad_alloc&) {
    napi_throw_error(env, nullptr, ("cpu-native: out of memory allocating " + std::to_string(static_cast<int64_t>(bytes)) + " bytes").c_str());
    return nullptr;
  }
  account(env, static_cast<AddonData*>(raw), static_cast<int64_t>(bytes));
  napi_value result;
  napi_create_double(env, static_cast<double>(reinterpret_cast<uintptr_t>(p)), &result);
  return result;
}

// free(address, bytes)
napi_value Free(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  void* raw;
  napi_get_cb_info(env, info, &argc, argv, nullptr, &raw);
  double at = 0, bytes = 0;
  napi_get_value_double(env, argv[0], &at);
  napi_get_value_double(env, argv[1], &bytes);
  tensor_free(reinterpret_cast<void*>(static_cast<uintptr_t>(at)), static_cast<size_t>(bytes));
  account(env, static_cast<AddonData*>(raw), -static_cast<int64_t>(bytes));
  return nullptr;
}

napi_value RawFunction(napi_env env, const char* name, napi_callback cb, void* data) {
  napi_value f;
  NAPI_THROW_IF_FAILED(env, napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, data, &f), nullptr);
  return f;
}

// read(address, typedArray): copies typedArray.byteLength bytes out of native memory
Napi::Value Read(const Napi::CallbackInfo& info) {
  auto ta = info[1].As<Napi::TypedArray>();
  auto* dst = static_cast<char*>(ta.ArrayBuffer().Data()) + ta.ByteOffset();
  std::memcpy(dst, address(info[0]), ta.ByteLength());
  return info.Env().Undefined();
}

// write(address, typedArray, isBool): copies in; bool data is normalised to 0/1
Napi::Value Write(const Napi::CallbackInfo& info) {
  auto ta = info[1].As<Napi::TypedArray>();
  auto* src = static_cast<const uint8_t*>(ta.ArrayBuffer().Data()) + ta.ByteOffset();
  auto* dst = static_cast<uint8_t*>(address(info[0]));
  size_t n = ta.ByteLength();
  if (info[2].ToBoolean().Value()) {
    for (size_t i = 0; i < n; i++) dst[i] = src[i] != 0;
  } else {
    std::memcpy(dst, src, n);
  }
  return info.Env().Undefined();
}

// copy(dstAddress, srcAddress, bytes)
Napi::Value Copy(const Napi::CallbackInfo& info) {
  std::memmove(address(info[0]), address(info[1]), static_cast<size_t>(info[2].As<Napi::Number>().DoubleValue()));
  return info.Env().Undefined();
}

// emptyCache() -> bytes handed back to the system
Napi::Value EmptyCache(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), static_cast<double>(release_cached_blocks())); }

// flushExternalMemory(): reports what changed since the last report
Napi::Value FlushExternalMemory(const Napi::CallbackInfo& info) {
  auto* d = info.Env().GetInstanceData<AddonData>();
  if (d->unreported != 0) report(info.Env(), d);
  return info.Env().Undefined();
}

Napi::Value AdjustExternalMemory(const Napi::CallbackInfo& info) {
  auto delta = static_cast<int64_t>(info[0].As<Napi::Number>().DoubleValue());
  return Napi::Number::New(info.Env(), static_cast<double>(Napi::MemoryManagement::AdjustExternalMemory(info.Env(), delta)));
}

Napi::Value SetNumThreads(const Napi::CallbackInfo& info) {
  set_num_threads(info[0].As<Napi::Number>().Int32Value());
  return Napi::Number::New(info.Env(), num_threads());
}

Napi::Value GetNumThreads(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), num_threads()); }

// setGemm("blas" | "builtin") -> the path now in use
Napi::Value SetGemm(const Napi::CallbackInfo& info) {
  std::string mode = info[0].As<Napi::String>().Utf8Value();
  set_blas_enabled(mode != "builtin");
  return Napi::String::New(info.Env(), blas_enabled() ? "blas" : "builtin");
}

// setConv("direct" | "im2col") -> the path now in use for unit-stride float convolutions
Napi::Value SetConv(const Napi::CallbackInfo& info) {
  set_conv_direct_enabled(info[0].As<Napi::String>().Utf8Value() != "im2col");
  return Napi::String::New(info.Env(), conv_direct_enabled() ? "direct" : "im2col");
}

Napi::Value Info(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  auto* d = env.GetInstanceData<AddonData>();
  auto o = Napi::Object::New(env);
  o.Set("gemm", blas_enabled() ? "blas" : "builtin");
  o.Set("conv", conv_direct_enabled() ? "direct" : "im2col");
  o.Set("blas", blas_compiled() ? Napi::Value(Napi::String::New(env, blas_vendor())) : env.Null());
  o.Set("openmp", std::string(threading_backend()) == "openmp");
  o.Set("threading", threading_backend());
  o.Set("threads", num_threads());
  o.Set("simd", simd::name());
  o.Set("liveBytes", static_cast<double>(d->live_bytes));
  o.Set("cachedBytes", static_cast<double>(cached_bytes()));
  return o;
}

// What a kernel's JS function carries: the kernel and its environment's state.
struct KernelBinding {
  KernelFn fn;
  AddonData* data;
};

// A registered kernel, on the hottest path of all: plain Node-API (no wrapper
// objects), one call to fetch the binding, arguments read from the pinned block.
napi_value CallKernel(napi_env env, napi_callback_info info) {
  void* raw = nullptr;
  napi_get_cb_info(env, info, nullptr, nullptr, nullptr, &raw);
  auto* binding = static_cast<KernelBinding*>(raw);
  try {
    Args args(binding->data->args);
    binding->fn(args);
  } catch (const RangeKernelError& e) {
    napi_throw_range_error(env, nullptr, e.what());
  } catch (const std::exception& e) {
    napi_throw_error(env, nullptr, e.what());
  }
  return nullptr;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto* data = new AddonData();
  env.SetInstanceData(data);
  exports.Set("setArgs", Napi::Function::New(env, SetArgs, "setArgs"));
  exports.Set("alloc", Napi::Value(env, RawFunction(env, "alloc", Alloc, data)));
  exports.Set("free", Napi::Value(env, RawFunction(env, "free", Free, data)));
  exports.Set("read", Napi::Function::New(env, Read, "read"));
  exports.Set("write", Napi::Function::New(env, Write, "write"));
  exports.Set("copy", Napi::Function::New(env, Copy, "copy"));
  exports.Set("emptyCache", Napi::Function::New(env, EmptyCache, "emptyCache"));
  exports.Set("flushExternalMemory", Napi::Function::New(env, FlushExternalMemory, "flushExternalMemory"));
  exports.Set("adjustExternalMemory", Napi::Function::New(env, AdjustExternalMemory, "adjustExternalMemory"));
  exports.Set("setNumThreads", Napi::Function::New(env, SetNumThreads, "setNumThreads"));
  exports.Set("getNumThreads", Napi::Function::New(env, GetNumThreads, "getNumThreads"));
  exports.Set("setGemm", Napi::Function::New(env, SetGemm, "setGemm"));
  exports.Set("setConv", Napi::Function::New(env, SetConv, "setConv"));
  exports.Set("info", Napi::Function::New(env, Info, "info"));
  auto kernels = Napi::Object::New(env);
  for (auto& [name, fn] : kernel_registry()) {
    auto* binding = new KernelBinding{fn, data};
    napi_value f;
    NAPI_THROW_IF_FAILED(env, napi_create_function(env, name, NAPI_AUTO_LENGTH, CallKernel, binding, &f), exports);
    // freed with the environment (a worker thread's exit)
    env.AddCleanupHook([binding] { delete binding; });
    kernels.Set(name, Napi::Value(env, f));
  }
  exports.Set("kernels", kernels);
  return exports;
}

}  // namespace

}  // namespace taimatsu

static Napi::Object InitAddon(Napi::Env env, Napi::Object exports) { return taimatsu::Init(env, exports); }

NODE_API_MODULE(taimatsu_cpu, InitAddon)
