// Aligned host memory for tensors and scratch space.
#pragma once

#include <cstddef>
#include <memory>

namespace taimatsu {

constexpr size_t kAlign = 64;  // a cache line, and the widest vector register

void* aligned_malloc(size_t bytes);
void aligned_free(void* p);

// Tensor storage: small blocks come from plain malloc (16-byte aligned, and
// much cheaper than an aligned allocation), larger ones are cache-line aligned.
// Kernels never assume more than element alignment.
void* tensor_malloc(size_t bytes);
void tensor_free(void* p);

struct AlignedDeleter {
  void operator()(void* p) const { aligned_free(p); }
};

// A kernel's temporary buffer, freed on scope exit.
template <class T> class Scratch {
 public:
  explicit Scratch(size_t n) : p_(static_cast<T*>(aligned_malloc(n * sizeof(T) + 1))) {}
  T* get() const { return p_.get(); }
  T& operator[](size_t i) const { return p_.get()[i]; }

 private:
  std::unique_ptr<T, AlignedDeleter> p_;
};

}  // namespace taimatsu
