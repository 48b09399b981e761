// Strided views as kernels see them, decoded from the flat argument block
// that the JS side fills for every call (see src/args.ts).
#pragma once

#include <cstdint>

#include "dtype.h"
#include "error.h"

namespace taimatsu {

constexpr int kMaxDims = 64;

struct View {
  char* data = nullptr;  // address of the view's first element (buffer + offset)
  DType dtype = DType::F32;
  int ndim = 0;
  int64_t shape[kMaxDims];
  int64_t strides[kMaxDims];  // in elements

  int64_t numel() const {
    int64_t n = 1;
    for (int i = 0; i < ndim; i++) n *= shape[i];
    return n;
  }
  int itemsize() const { return item_size(dtype); }
  // Dense row-major walk from `data` (size-1 dims may have any stride).
  bool contiguous() const {
    int64_t expected = 1;
    for (int i = ndim - 1; i >= 0; i--) {
      if (shape[i] == 1) continue;
      if (strides[i] != expected) return false;
      expected *= shape[i];
    }
    return true;
  }
  template <class T> T* ptr() const { return reinterpret_cast<T*>(data); }
};

// Reads the argument block: a sequence of doubles written by the JS side.
class Args {
 public:
  explicit Args(const double* p) : p_(p) {}
  double f64() { return *p_++; }
  int64_t i64() { return static_cast<int64_t>(*p_++); }
  int i32() { return static_cast<int>(*p_++); }
  // Layout: address of buffer start, element offset, dtype, ndim, shape..., strides...
  View view() {
    View v;
    auto base = static_cast<uintptr_t>(*p_++);
    int64_t offset = i64();
    v.dtype = static_cast<DType>(i32());
    v.ndim = i32();
    if (v.ndim < 0 || v.ndim > kMaxDims) fail("cpu-native: tensors are limited to 64 dimensions");
    v.data = reinterpret_cast<char*>(base) + offset * item_size(v.dtype);
    for (int i = 0; i < v.ndim; i++) v.shape[i] = i64();
    for (int i = 0; i < v.ndim; i++) v.strides[i] = i64();
    return v;
  }

 private:
  const double* p_;
};

void check_same_shape(const char* op, const View& a, const View& b);

}  // namespace taimatsu
