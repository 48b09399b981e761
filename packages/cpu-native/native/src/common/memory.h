// Aligned host memory for tensors and scratch space.
#pragma once

#include <cstddef>
#include <memory>

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

struct AlignedDeleter {
  void operator()(void* p) const { aligned_free(p); }
};

// A kernel's temporary buffer, freed (into the block cache) on scope exit.
template <class T> class Scratch {
 public:
  explicit Scratch(size_t n) : bytes_(n * sizeof(T) + 1), p_(static_cast<T*>(cached_malloc(bytes_))) {}
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
