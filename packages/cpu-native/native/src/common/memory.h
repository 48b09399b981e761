// Aligned host memory for tensors and scratch space.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "error.h"

namespace taimatsu {

constexpr size_t kAlign = 64;  // a cache line, and the widest vector register

void* aligned_malloc(size_t bytes);
void aligned_free(void* p);

// Tensor storage: small blocks come from plain malloc (16-byte aligned, and
// much cheaper than an aligned allocation), larger ones are cache-line aligned
// and recycled through the block cache. Kernels never assume more than
// element alignment. `bytes` must be the size the block was allocated with.
void* tensor_malloc(size_t bytes);
void tensor_free(void* p, size_t bytes);

// The block cache. A training step allocates and frees the same large blocks
// every iteration; glibc returns much of that memory to the kernel between
// steps (heap trimming, per-thread arenas shrinking with MADV_DONTNEED), and
// faulting it back in, page by page, cost more than some of the kernels. Freed
// blocks over 4 KiB wait here, by exact (64-byte rounded) size, for the next
// request of that size; at most 1 GiB is kept, and release_cached_blocks()
// hands all of it back. On Linux, blocks of whole 2 MiB pages are mapped on
// their own and offered to transparent huge pages (memory.cc).
void* cached_malloc(size_t bytes);
void cached_free(void* p, size_t bytes);
size_t cached_bytes();
size_t release_cached_blocks();  // returns the bytes released

// n elements of `item` bytes each, as a size_t element count. size_t is
// 32-bit on wasm32, where a bare cast of a large int64 count (or its product
// with the item size) would wrap and hand a kernel a buffer too small for
// it: past what the platform can address, this raises a kernel error (a
// RangeError in JavaScript) before anything is allocated. Every buffer size
// computed from tensor shapes goes through here.
inline size_t checked_size(int64_t n, size_t item) {
  uint64_t bytes = 0;
  const bool fits = n >= 0 && !__builtin_mul_overflow(static_cast<uint64_t>(n), static_cast<uint64_t>(item), &bytes) &&
                    bytes < static_cast<uint64_t>(SIZE_MAX) - 2 * kAlign;  // room for rounding to kAlign and Scratch's extra byte
  if (!fits) {
    raise_kernel_error(ErrorKind::Range, "a kernel needs a temporary buffer of " + std::to_string(n) + " elements of " + std::to_string(item) +
                                             " bytes, more than this platform can address (" + std::to_string(sizeof(size_t) * 8) +
                                             "-bit sizes); split the operation into smaller pieces");
  }
  return static_cast<size_t>(n);
}

// Allocations made on this thread while one of these lives outlast the
// kernel (per-thread caches). The WebAssembly module's error path skips
// destructors, so it frees whatever else a failed kernel had allocated; the
// addon's exceptions run destructors and need no such list.
struct KeepAllocations {
  KeepAllocations();
  ~KeepAllocations();
  KeepAllocations(const KeepAllocations&) = delete;
  KeepAllocations& operator=(const KeepAllocations&) = delete;
};

struct AlignedDeleter {
  void operator()(void* p) const { aligned_free(p); }
};

// A kernel's temporary buffer, freed (into the block cache) on scope exit.
template <class T> class Scratch {
 public:
  explicit Scratch(int64_t n) : bytes_(checked_size(n, sizeof(T)) * sizeof(T) + 1), p_(static_cast<T*>(cached_malloc(bytes_))) {}
  ~Scratch() { cached_free(p_, bytes_); }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  T* get() const { return p_; }
  T& operator[](size_t i) const { return p_[i]; }

 private:
  size_t bytes_;
  T* p_;
};

}  // namespace taimatsu
