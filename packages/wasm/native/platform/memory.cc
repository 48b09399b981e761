// Tensor memory inside linear memory. wasi-libc's malloc takes pages from
// memory.grow and never gives them back (linear memory cannot shrink), so the
// cache below exists for speed and to keep the heap unfragmented: a training
// step frees and re-requests the same sizes every iteration. Blocks over
// 4 KiB are rounded up to a size class (four per power of two, so at most
// 19 % is wasted) and freed blocks wait in their class for the next request.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include <string>

#include "../../../cpu-native/native/src/common/error.h"
#include "../../../cpu-native/native/src/common/memory.h"

namespace taimatsu {

namespace {

constexpr size_t kSmall = 4096;                  // up to here: plain malloc, no caching
constexpr size_t kCacheLimit = size_t{1} << 30;  // bytes kept at most
constexpr int kClasses = 4 * 32;
constexpr size_t kLargest = size_t{7} << 29;  // 3.5 GiB: the largest class that a 32-bit size_t can hold

// The class index and its size for a request of `bytes` (kSmall < bytes <= kLargest).
int size_class(size_t bytes, size_t& size) {
  int log = 31 - __builtin_clz(static_cast<uint32_t>(bytes - 1));  // 2^log < bytes <= 2^(log+1)
  size_t quarter = size_t{1} << (log - 2);                          // classes step by 2^log / 4
  size_t steps = (bytes + quarter - 1) / quarter;                   // 5..8
  size = steps * quarter;
  return log * 4 + static_cast<int>(steps - 5);
}

struct BlockCache {
  std::vector<void*> blocks[kClasses];
  size_t bytes = 0;
};

BlockCache& block_cache() {
  static BlockCache* cache = new BlockCache();
  return *cache;
}

// nullptr when linear memory cannot grow any further
void* try_aligned_malloc(size_t bytes) {
  if (bytes > SIZE_MAX - kAlign) return nullptr;
  size_t size = (bytes + kAlign - 1) / kAlign * kAlign;
  return std::aligned_alloc(kAlign, size ? size : kAlign);
}

// Kernels' scratch space has no null check: running out is a kernel error.
void* checked(void* p, size_t bytes) {
  if (!p) {
    fail("wasm: out of memory allocating " + std::to_string(bytes) + " bytes of scratch space (WebAssembly memory is limited to 4 GiB; it holds " +
         std::to_string(static_cast<uint64_t>(__builtin_wasm_memory_size(0)) * 65536) + " bytes now)");
  }
  return p;
}

void* try_cached_malloc(size_t bytes) {
  if (bytes > kLargest) return nullptr;
  size_t size;
  int c = size_class(bytes < kSmall + 1 ? kSmall + 1 : bytes, size);
  BlockCache& cache = block_cache();
  auto& list = cache.blocks[c];
  if (!list.empty()) {
    void* p = list.back();
    list.pop_back();
    cache.bytes -= size;
    return p;
  }
  return try_aligned_malloc(size);
}

}  // namespace

void* aligned_malloc(size_t bytes) { return checked(try_aligned_malloc(bytes), bytes); }

void aligned_free(void* p) { std::free(p); }

void* cached_malloc(size_t bytes) { return checked(try_cached_malloc(bytes), bytes); }

void cached_free(void* p, size_t bytes) {
  if (!p) return;
  size_t size;
  int c = size_class(bytes < kSmall + 1 ? kSmall + 1 : bytes, size);
  BlockCache& cache = block_cache();
  if (cache.bytes + size <= kCacheLimit) {
    cache.blocks[c].push_back(p);
    cache.bytes += size;
    return;
  }
  aligned_free(p);
}

size_t cached_bytes() { return block_cache().bytes; }

size_t release_cached_blocks() {
  BlockCache& cache = block_cache();
  size_t released = cache.bytes;
  for (auto& list : cache.blocks) {
    for (void* p : list) aligned_free(p);
    list.clear();
    list.shrink_to_fit();
  }
  cache.bytes = 0;
  return released;
}

// nullptr when linear memory cannot grow any further; the JS side reports it.
void* tensor_malloc(size_t bytes) {
  if (bytes > kSmall) return try_cached_malloc(bytes);
  return std::malloc(bytes ? bytes : 1);
}

void tensor_free(void* p, size_t bytes) {
  if (bytes > kSmall) cached_free(p, bytes);
  else std::free(p);
}

}  // namespace taimatsu
