#include "memory.h"

#include <cstdlib>
#include <new>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace taimatsu {

namespace {

// Tensors come and go by the thousand per training step. glibc would hand
// freed memory back to the kernel (heap trimming, and mmap for blocks over
// 128 KiB) and fault it in again on the next step, which in a VM costs more
// than the kernels themselves. Keep blocks up to 64 MiB in the heap for reuse,
// as a caching allocator would; bigger ones still map and unmap.
struct HeapTuning {
  HeapTuning() {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
  }
} heap_tuning;

}  // namespace

void* aligned_malloc(size_t bytes) {
  size_t size = (bytes + kAlign - 1) / kAlign * kAlign;
  if (size == 0) size = kAlign;
#if defined(_WIN32)
  void* p = _aligned_malloc(size, kAlign);
#else
  void* p = std::aligned_alloc(kAlign, size);
#endif
  if (!p) throw std::bad_alloc();
  return p;
}

void* tensor_malloc(size_t bytes) {
#if defined(_WIN32)
  return aligned_malloc(bytes);  // _aligned_malloc blocks need _aligned_free: one kind only
#else
  if (bytes > 4096) return aligned_malloc(bytes);
  void* p = std::malloc(bytes ? bytes : 1);
  if (!p) throw std::bad_alloc();
  return p;
#endif
}

void tensor_free(void* p) {
#if defined(_WIN32)
  aligned_free(p);
#else
  std::free(p);  // releases aligned_alloc blocks too
#endif
}

void aligned_free(void* p) {
#if defined(_WIN32)
  _aligned_free(p);
#else
  std::free(p);
#endif
}

}  // namespace taimatsu
