// Bridges dtype mismatches so each kernel is written for one compute dtype.
//
// Core normally hands kernels matching dtypes; when it does not (an input of
// another dtype, a half-precision output), the kernel asks Staging for a view
// in the dtype it computes in. Inputs are converted into compact temporaries
// (broadcast dims stay broadcast); outputs get a temporary that is converted
// back into the real output by finish().
#pragma once

#include <vector>

#include "memory.h"
#include "view.h"

namespace taimatsu {

// identity/cast over same-shaped views (kernels/cast.cc)
void cast_view(const View& dst, const View& src);

class Staging {
 public:
  Staging() = default;
  Staging(const Staging&) = delete;
  Staging& operator=(const Staging&) = delete;

  // `v` converted to `dtype` (v itself when it already is).
  View input(const View& v, DType dtype);
  // A view of out's shape in `dtype`; with `load`, it starts with out's values.
  View output(const View& out, DType dtype, bool load = false);
  // Like input()/output(), but the result is also contiguous (row-major, no broadcast).
  View dense(const View& v, DType dtype);
  View dense_output(const View& out, DType dtype, bool load = false);
  // Converts staged outputs back into their real outputs.
  void finish();

 private:
  View temp_like(const View& v, DType dtype, bool compact);
  std::vector<std::unique_ptr<char, AlignedDeleter>> buffers_;
  std::vector<std::pair<View, View>> pending_;  // (real output, staged)
};

// The dtype a kernel computes in for a result of `d`: halves compute in float32.
inline DType compute_dtype(DType d) { return is_half(d) ? DType::F32 : d; }

// For float-only kernels (convolution, pooling, losses): float64 stays, integers
// compute exactly in float64, everything else in float32.
inline DType float_compute_dtype(DType d) {
  return d == DType::F64 || d == DType::I32 || d == DType::I64 || d == DType::U8 || d == DType::Bool ? DType::F64 : DType::F32;
}

// Calls f(float{}) or f(double{}).
template <class F> inline void dispatch_float(DType d, F&& f) {
  if (d == DType::F64) f(double{});
  else f(float{});
}

}  // namespace taimatsu
