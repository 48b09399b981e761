// C = A * B (or C += A * B with `accumulate`) for strided matrices (strides
// in elements; any layout a view can have, broadcast included).
//
// gemm() picks OpenBLAS (or another BLAS found at build time) when it is
// enabled and the layout is one BLAS can take without copying; otherwise the
// builtin blocked GEMM, which handles any strides through its packing.
#pragma once

#include <cstdint>

namespace taimatsu {

template <class T> struct Mat {
  T* data;
  int64_t rs, cs;  // row and column strides
};

template <class T>
void gemm(int64_t M, int64_t N, int64_t K, Mat<const T> A, Mat<const T> B, Mat<T> C, bool parallel = true, bool accumulate = false);

// The portable blocked GEMM (gemm_builtin.cc).
template <class T>
void gemm_builtin(int64_t M, int64_t N, int64_t K, Mat<const T> A, Mat<const T> B, Mat<T> C, bool parallel, bool accumulate = false);

// BLAS (blas.cc): false when BLAS is off/absent or cannot take these strides.
bool blas_sgemm(int64_t M, int64_t N, int64_t K, Mat<const float> A, Mat<const float> B, Mat<float> C, bool accumulate);
bool blas_dgemm(int64_t M, int64_t N, int64_t K, Mat<const double> A, Mat<const double> B, Mat<double> C, bool accumulate);

bool blas_compiled();
const char* blas_vendor();  // "" without BLAS
bool blas_enabled();
void set_blas_enabled(bool on);  // the builtin GEMM is always available; tests switch to it

}  // namespace taimatsu
