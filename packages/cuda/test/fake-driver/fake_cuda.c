/*
 * A stand-in for libcuda.so.1 with the entry points the addon resolves, for
 * tests on machines without a GPU. Device memory is host memory; copies are
 * memcpy; kernels are not run, only recorded (name of the last launch and its
 * parameter bytes). Behaviour is set by the environment:
 *   FAKE_CUDA_INIT     cuInit's result (default 0; 100 = no device)
 *   FAKE_CUDA_VERSION  cuDriverGetVersion (default 13000)
 *   FAKE_CUDA_DEVICES  device count (default 1)
 *   FAKE_CUDA_MEMORY   bytes cuMemAlloc may hand out in all (default 64 MiB)
 *   FAKE_CUDA_LAUNCH_LOG  a file each launch appends "<kernel> <grid> <block> <param size> <param bytes in hex>" to
 * Built by the tests with the system C compiler.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int CUresult;
typedef unsigned long long CUdeviceptr;

static int envInt(const char* name, long long def, long long* out) {
  const char* v = getenv(name);
  *out = v ? atoll(v) : def;
  return 0;
}

static long long used = 0;

CUresult cuInit(unsigned flags) {
  long long r;
  envInt("FAKE_CUDA_INIT", 0, &r);
  return (CUresult)r;
}
CUresult cuDriverGetVersion(int* v) {
  long long r;
  envInt("FAKE_CUDA_VERSION", 13000, &r);
  *v = (int)r;
  return 0;
}
CUresult cuDeviceGetCount(int* n) {
  long long r;
  envInt("FAKE_CUDA_DEVICES", 1, &r);
  *n = (int)r;
  return 0;
}
CUresult cuDeviceGet(int* d, int i) { *d = i; return 0; }
CUresult cuDeviceGetName(char* name, int len, int d) { snprintf(name, len, "Fake GPU %d", d); return 0; }
CUresult cuDeviceGetAttribute(int* v, int attr, int d) {
  *v = attr == 75 ? 12 : attr == 76 ? 0 : attr == 16 ? 132 : 0;
  return 0;
}
CUresult cuDeviceTotalMem_v2(size_t* b, int d) { *b = 80ull << 30; return 0; }
CUresult cuDevicePrimaryCtxRetain(void** ctx, int d) { *ctx = (void*)(size_t)(d + 1); return 0; }
CUresult cuCtxSetCurrent(void* ctx) { return 0; }
CUresult cuMemGetInfo_v2(size_t* f, size_t* t) {
  long long cap;
  envInt("FAKE_CUDA_MEMORY", 64ll << 20, &cap);
  *f = (size_t)(cap - used);
  *t = (size_t)cap;
  return 0;
}
CUresult cuMemAlloc_v2(CUdeviceptr* p, size_t bytes) {
  long long cap;
  envInt("FAKE_CUDA_MEMORY", 64ll << 20, &cap);
  if (used + (long long)bytes > cap) return 2; /* CUDA_ERROR_OUT_OF_MEMORY */
  size_t* block = malloc(bytes + 16);
  block[0] = bytes;
  used += bytes;
  *p = (CUdeviceptr)(block + 2);
  return 0;
}
CUresult cuMemFree_v2(CUdeviceptr p) {
  size_t* block = (size_t*)p - 2;
  used -= block[0];
  free(block);
  return 0;
}
CUresult cuMemAllocHost_v2(void** p, size_t bytes) { *p = malloc(bytes ? bytes : 1); return 0; }
CUresult cuMemFreeHost(void* p) { free(p); return 0; }
CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr d, const void* h, size_t n, void* s) { memcpy((void*)d, h, n); return 0; }
CUresult cuMemcpyDtoHAsync_v2(void* h, CUdeviceptr d, size_t n, void* s) { memcpy(h, (void*)d, n); return 0; }
CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr a, CUdeviceptr b, size_t n, void* s) { memmove((void*)a, (void*)b, n); return 0; }
CUresult cuMemsetD8Async(CUdeviceptr d, unsigned char v, size_t n, void* s) { memset((void*)d, v, n); return 0; }
CUresult cuStreamCreate(void** s, unsigned f) { *s = (void*)1; return 0; }
CUresult cuStreamSynchronize(void* s) { return 0; }
CUresult cuEventCreate(void** e, unsigned f) { *e = malloc(1); return 0; }
CUresult cuEventRecord(void* e, void* s) { return 0; }
CUresult cuEventQuery(void* e) { return 0; }
CUresult cuEventSynchronize(void* e) { return 0; }
CUresult cuEventDestroy_v2(void* e) { free(e); return 0; }
CUresult cuModuleLoadData(void** m, const void* image) {
  /* PTX must be text with a .version line, as the real JIT wants */
  if (strncmp((const char*)image, "//", 2) != 0 && strstr((const char*)image, ".version") == NULL) return 200; /* CUDA_ERROR_INVALID_IMAGE */
  *m = strdup((const char*)image); /* the driver copies the image; so must the stand-in */
  return 0;
}
CUresult cuModuleGetFunction(void** f, void* m, const char* name) {
  /* the kernel must be an entry of the module's PTX */
  char pattern[300];
  snprintf(pattern, sizeof pattern, ".entry %s(", name);
  if (strstr((const char*)m, pattern) == NULL) return 500; /* CUDA_ERROR_NOT_FOUND */
  *f = strdup(name);
  return 0;
}
CUresult cuLaunchKernel(void* f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                        unsigned shared, void* stream, void** params, void** extra) {
  const char* path = getenv("FAKE_CUDA_LAUNCH_LOG");
  if (path) {
    FILE* log = fopen(path, "a");
    size_t size = extra ? *(size_t*)extra[3] : 0;
    const unsigned char* bytes = extra ? (const unsigned char*)extra[1] : NULL;
    fprintf(log, "%s %u %u %zu ", (const char*)f, gx, bx, size);
    for (size_t i = 0; i < size; i++) fprintf(log, "%02x", bytes[i]);
    fprintf(log, "\n");
    fclose(log);
  }
  return 0;
}
CUresult cuGetErrorString(CUresult r, const char** s) { *s = r == 2 ? "out of memory" : r == 100 ? "no CUDA-capable device is detected" : "fake error"; return 0; }
CUresult cuGetErrorName(CUresult r, const char** s) { *s = r == 2 ? "CUDA_ERROR_OUT_OF_MEMORY" : r == 100 ? "CUDA_ERROR_NO_DEVICE" : "CUDA_ERROR_FAKE"; return 0; }
