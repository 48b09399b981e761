#include "memory.h"

#include <cstdlib>
#include <mutex>
#include <new>
#include <unordered_map>
#include <vector>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace taimatsu {

namespace {

// Tensors come and go by the thousand per training step. glibc would hand
// freed memory back to the kernel (heap trimming, and mmap for blocks over
// 128 KiB) and fault it in again on the next step, which in a VM costs more
// than the kernels themselves. The block cache below keeps large blocks; these
// settings keep what it does not hold (small blocks, blocks past its limit, up
// to 64 MiB) in the heap too.
struct HeapTuning {
  HeapTuning() {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
  }
} heap_tuning;

constexpr size_t kSmall = 4096;                 // up to here: plain malloc, no caching
constexpr size_t kCacheLimit = size_t{1} << 30;  // bytes kept at most

size_t rounded(size_t bytes) { return bytes == 0 ? kAlign : (bytes + kAlign - 1) / kAlign * kAlign; }

struct BlockCache {
  std::mutex mutex;
  std::unordered_map<size_t, std::vector<void*>> blocks;  // by rounded size
  size_t bytes = 0;
};

// Never destroyed: worker threads may still free blocks while the process exits.
BlockCache& block_cache() {
  static BlockCache* cache = new BlockCache();
  return *cache;
}

}  // namespace

void* cached_malloc(size_t bytes) {
  const size_t size = rounded(bytes);
  BlockCache& c = block_cache();
  {
    std::lock_guard<std::mutex> lock(c.mutex);
    auto it = c.blocks.find(size);
    if (it != c.blocks.end() && !it->second.empty()) {
      void* p = it->second.back();
      it->second.pop_back();
      c.bytes -= size;
      return p;
    }
  }
  return aligned_malloc(size);
}

void cached_free(void* p, size_t bytes) {
  if (!p) return;
  const size_t size = rounded(bytes);
  BlockCache& c = block_cache();
  {
    std::lock_guard<std::mutex> lock(c.mutex);
    if (c.bytes + size <= kCacheLimit) {
      c.blocks[size].push_back(p);
      c.bytes += size;
      return;
    }
  }
  aligned_free(p);
}

size_t cached_bytes() {
  BlockCache& c = block_cache();
  std::lock_guard<std::mutex> lock(c.mutex);
  return c.bytes;
}

size_t release_cached_blocks() {
  BlockCache& c = block_cache();
  std::lock_guard<std::mutex> lock(c.mutex);
  const size_t released = c.bytes;
  for (auto& [size, list] : c.blocks)
    for (void* p : list) aligned_free(p);
  c.blocks.clear();
  c.bytes = 0;
  return released;
}

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
  if (bytes > kSmall) return cached_malloc(bytes);
  void* p = std::malloc(bytes ? bytes : 1);
  if (!p) throw std::bad_alloc();
  return p;
#endif
}

void tensor_free(void* p, size_t bytes) {
#if defined(_WIN32)
  aligned_free(p);
#else
  if (bytes > kSmall) cached_free(p, bytes);
  else std::free(p);
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
