// Tensor memory inside linear memory. wasi-libc's malloc takes pages from
// memory.grow and never gives them back (linear memory cannot shrink), so the
// cache below exists for speed and to keep the heap unfragmented: a training
// step frees and re-requests the same sizes every iteration. Blocks over
// 4 KiB are rounded up to a size class (four per power of two, so at most
// 19 % is wasted) and freed blocks wait in their class for the next request,
// linked through their own first bytes (the cache itself never allocates).
// Everything runs under the heap lock (heap.cc): kernels on worker threads
// take scratch space too.
#include <cstdint>
#include <string>

#include "../../../cpu-native/native/src/common/error.h"
#include "../../../cpu-native/native/src/common/memory.h"
#include "platform.h"

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

int class_of(size_t bytes, size_t& size) { return size_class(bytes < kSmall + 1 ? kSmall + 1 : bytes, size); }

struct FreeBlock {
  FreeBlock* next;
};
FreeBlock* g_lists[kClasses];
size_t g_cached = 0;

// Under the lock. nullptr when linear memory cannot grow any further.
void* take_block(size_t bytes, bool scratch) {
  if (bytes > kLargest) return nullptr;
  size_t size;
  int c = class_of(bytes, size);
  if (FreeBlock* b = g_lists[c]) {
    g_lists[c] = b->next;
    g_cached -= size;
    if (scratch) heap_note(b, bytes);
    return b;
  }
  return heap_alloc(size, kAlign, scratch ? bytes : 0);
}

void give_block(void* p, size_t bytes) {
  size_t size;
  int c = class_of(bytes, size);
  if (g_cached + size > kCacheLimit) {
    heap_free(p);
    return;
  }
  auto* b = static_cast<FreeBlock*>(p);
  b->next = g_lists[c];
  g_lists[c] = b;
  g_cached += size;
}

// Kernels' scratch space has no null check: running out is a kernel error.
void* checked(void* p, size_t bytes) {
  if (!p) out_of_memory(bytes);
  return p;
}

}  // namespace

void cache_block(void* p, size_t bytes) { give_block(p, bytes); }

void* aligned_malloc(size_t bytes) {
  void* p;
  {
    HeapLock lock;
    p = bytes > SIZE_MAX - kAlign ? nullptr : heap_alloc(bytes, kAlign, 0);
  }
  return checked(p, bytes);
}

void aligned_free(void* p) {
  HeapLock lock;
  heap_free(p);
}

void* cached_malloc(size_t bytes) {
  void* p;
  {
    HeapLock lock;
    p = take_block(bytes, true);
  }
  return checked(p, bytes);
}

void cached_free(void* p, size_t bytes) {
  if (!p) return;
  HeapLock lock;
  heap_forget(p);
  give_block(p, bytes);
}

size_t cached_bytes() {
  HeapLock lock;
  return g_cached;
}

size_t release_cached_blocks() {
  HeapLock lock;
  size_t released = g_cached;
  for (auto& list : g_lists) {
    while (FreeBlock* b = list) {
      list = b->next;
      heap_free(b);
    }
  }
  g_cached = 0;
  return released;
}

// nullptr when linear memory cannot grow any further; the JS side reports it.
void* tensor_malloc(size_t bytes) {
  HeapLock lock;
  return bytes > kSmall ? take_block(bytes, false) : heap_alloc(bytes, 0, 0);
}

void tensor_free(void* p, size_t bytes) {
  if (!p) return;
  HeapLock lock;
  if (bytes > kSmall) give_block(p, bytes);
  else heap_free(p);
}

}  // namespace taimatsu
