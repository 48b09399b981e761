#include "loader.h"

#include <dlfcn.h>

#include <cstdlib>

namespace cu {
namespace {

void* openFirst(const char* envName, const std::vector<std::string>& names, std::string* opened,
                std::vector<std::string>* tried) {
  // a library named in the environment is the only one tried (tests give a fake or missing driver)
  std::vector<std::string> candidates = names;
  if (const char* chosen = std::getenv(envName); chosen && *chosen) candidates = {chosen};
  for (const std::string& name : candidates) {
    void* handle = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle) {
      *opened = name;
      return handle;
    }
    const char* why = dlerror();
    tried->push_back(name + " (" + (why ? why : "not found") + ")");
  }
  return nullptr;
}

/** Resolves `name` (or `name_v2` first, the entry point current drivers export). */
template <typename F>
bool resolve(void* lib, F* slot, const char* name, bool v2, std::string* missing) {
  void* p = nullptr;
  if (v2) p = dlsym(lib, (std::string(name) + "_v2").c_str());
  if (!p) p = dlsym(lib, name);
  if (!p) {
    if (!missing->empty()) *missing += ", ";
    *missing += name;
    return false;
  }
  *slot = reinterpret_cast<F>(p);
  return true;
}

DriverLoad openDriver() {
  DriverLoad out;
  // libcuda.so.1 is the driver's soname on every Linux distribution; WSL keeps it in /usr/lib/wsl/lib
  void* lib = openFirst("TAIMATSU_CUDA_LIBRARY", {"libcuda.so.1", "libcuda.so", "/usr/lib/wsl/lib/libcuda.so.1"},
                        &out.library, &out.tried);
  if (!lib) {
    out.error = "no NVIDIA driver library could be opened";
    return out;
  }
  static Driver d;
  std::string missing;
  bool ok = true;
  ok &= resolve(lib, &d.cuInit, "cuInit", false, &missing);
  ok &= resolve(lib, &d.cuDriverGetVersion, "cuDriverGetVersion", false, &missing);
  ok &= resolve(lib, &d.cuDeviceGetCount, "cuDeviceGetCount", false, &missing);
  ok &= resolve(lib, &d.cuDeviceGet, "cuDeviceGet", false, &missing);
  ok &= resolve(lib, &d.cuDeviceGetName, "cuDeviceGetName", false, &missing);
  ok &= resolve(lib, &d.cuDeviceGetAttribute, "cuDeviceGetAttribute", false, &missing);
  ok &= resolve(lib, &d.cuDeviceTotalMem, "cuDeviceTotalMem", true, &missing);
  ok &= resolve(lib, &d.cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain", false, &missing);
  ok &= resolve(lib, &d.cuCtxSetCurrent, "cuCtxSetCurrent", false, &missing);
  ok &= resolve(lib, &d.cuMemGetInfo, "cuMemGetInfo", true, &missing);
  ok &= resolve(lib, &d.cuMemAlloc, "cuMemAlloc", true, &missing);
  ok &= resolve(lib, &d.cuMemFree, "cuMemFree", true, &missing);
  ok &= resolve(lib, &d.cuMemAllocHost, "cuMemAllocHost", true, &missing);
  ok &= resolve(lib, &d.cuMemFreeHost, "cuMemFreeHost", false, &missing);
  ok &= resolve(lib, &d.cuMemcpyHtoDAsync, "cuMemcpyHtoDAsync", true, &missing);
  ok &= resolve(lib, &d.cuMemcpyDtoHAsync, "cuMemcpyDtoHAsync", true, &missing);
  ok &= resolve(lib, &d.cuMemcpyDtoDAsync, "cuMemcpyDtoDAsync", true, &missing);
  ok &= resolve(lib, &d.cuMemsetD8Async, "cuMemsetD8Async", false, &missing);
  ok &= resolve(lib, &d.cuStreamCreate, "cuStreamCreate", false, &missing);
  ok &= resolve(lib, &d.cuStreamSynchronize, "cuStreamSynchronize", false, &missing);
  ok &= resolve(lib, &d.cuEventCreate, "cuEventCreate", false, &missing);
  ok &= resolve(lib, &d.cuEventRecord, "cuEventRecord", false, &missing);
  ok &= resolve(lib, &d.cuEventQuery, "cuEventQuery", false, &missing);
  ok &= resolve(lib, &d.cuEventSynchronize, "cuEventSynchronize", false, &missing);
  ok &= resolve(lib, &d.cuEventDestroy, "cuEventDestroy", true, &missing);
  ok &= resolve(lib, &d.cuModuleLoadData, "cuModuleLoadData", false, &missing);
  ok &= resolve(lib, &d.cuModuleGetFunction, "cuModuleGetFunction", false, &missing);
  ok &= resolve(lib, &d.cuLaunchKernel, "cuLaunchKernel", false, &missing);
  ok &= resolve(lib, &d.cuGetErrorString, "cuGetErrorString", false, &missing);
  ok &= resolve(lib, &d.cuGetErrorName, "cuGetErrorName", false, &missing);
  if (!ok) {
    out.error = out.library + " lacks " + missing + " (the driver is too old)";
    return out;
  }
  out.driver = &d;
  return out;
}

}  // namespace

const DriverLoad& loadDriver() {
  static const DriverLoad loaded = openDriver();
  return loaded;
}

const Blas* loadBlas(std::string* library, std::string* error) {
  static Blas b;
  static const Blas* result = nullptr;
  static bool tried = false;
  static std::string lib, err;
  if (!tried) {
    tried = true;
    std::vector<std::string> attempts;
    void* h = openFirst("TAIMATSU_CUBLAS_LIBRARY", {"libcublas.so.13", "libcublas.so.12", "libcublas.so.11", "libcublas.so"},
                        &lib, &attempts);
    if (!h) {
      err = "cuBLAS could not be opened (tried ";
      for (size_t i = 0; i < attempts.size(); i++) err += (i ? ", " : "") + attempts[i];
      err += ")";
    } else {
      std::string missing;
      bool ok = true;
      ok &= resolve(h, &b.cublasCreate, "cublasCreate", true, &missing);
      ok &= resolve(h, &b.cublasSetStream, "cublasSetStream", true, &missing);
      ok &= resolve(h, &b.cublasSetMathMode, "cublasSetMathMode", false, &missing);
      ok &= resolve(h, &b.cublasGetVersion, "cublasGetVersion", true, &missing);
      ok &= resolve(h, &b.cublasSgemmStridedBatched, "cublasSgemmStridedBatched", false, &missing);
      ok &= resolve(h, &b.cublasDgemmStridedBatched, "cublasDgemmStridedBatched", false, &missing);
      if (ok) result = &b;
      else err = lib + " lacks " + missing;
    }
  }
  *library = lib;
  *error = err;
  return result;
}

}  // namespace cu
