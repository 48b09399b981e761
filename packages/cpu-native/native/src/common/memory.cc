#include "memory.h"

#include <cstdlib>
#include <new>

namespace taimatsu {

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

void aligned_free(void* p) {
#if defined(_WIN32)
  _aligned_free(p);
#else
  std::free(p);
#endif
}

}  // namespace taimatsu
