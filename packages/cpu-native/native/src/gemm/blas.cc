// The BLAS path. Declares the Fortran sgemm_/dgemm_ entry points itself (every
// BLAS has them; cblas.h is not always installed) and maps row-major strided
// views onto column-major op(A) arguments, so transposed views cost nothing.
#include <climits>
#include <cstddef>
#include <cstdlib>
#include <string>

#include "gemm.h"

#ifdef TM_USE_BLAS
extern "C" {
void sgemm_(const char* ta, const char* tb, const int* m, const int* n, const int* k, const float* alpha, const float* a,
            const int* lda, const float* b, const int* ldb, const float* beta, float* c, const int* ldc, size_t, size_t);
void dgemm_(const char* ta, const char* tb, const int* m, const int* n, const int* k, const double* alpha, const double* a,
            const int* lda, const double* b, const int* ldb, const double* beta, double* c, const int* ldc, size_t, size_t);
// OpenBLAS extras, looked up weakly so other BLAS libraries link too
#if defined(__GNUC__) && !defined(_WIN32)
__attribute__((weak)) char* openblas_get_config(void);
__attribute__((weak)) void openblas_set_num_threads(int);
#endif
}
#endif

namespace taimatsu {

namespace {

bool g_enabled = true;

#ifdef TM_USE_BLAS

// A rows x cols matrix at (rs, cs) as op(stored column-major matrix): trans and leading dim.
bool as_colmajor(int64_t rows, int64_t cols, int64_t rs, int64_t cs, char& trans, int& ld) {
  // size-1 dims have arbitrary strides; pick ones that make a valid layout
  if (rows == 1) rs = cs == 1 ? cols : 1;
  if (cols == 1) cs = rs == 1 ? rows : 1;
  if (rs == 1 && cs >= std::max<int64_t>(1, rows) && cs <= INT_MAX) {
    trans = 'N';
    ld = static_cast<int>(cs);
    return true;
  }
  if (cs == 1 && rs >= std::max<int64_t>(1, cols) && rs <= INT_MAX) {
    trans = 'T';
    ld = static_cast<int>(rs);
    return true;
  }
  return false;
}

char flip(char t) { return t == 'N' ? 'T' : 'N'; }

template <class T, class F>
bool blas_gemm(int64_t M, int64_t N, int64_t K, Mat<const T> A, Mat<const T> B, Mat<T> C, bool accumulate, F call) {
  if (!blas_compiled() || !g_enabled) return false;
  if (M > INT_MAX || N > INT_MAX || K > INT_MAX || M == 0 || N == 0 || K == 0) return false;
  char ta, tb, tc;
  int lda, ldb, ldc;
  if (!as_colmajor(M, K, A.rs, A.cs, ta, lda) || !as_colmajor(K, N, B.rs, B.cs, tb, ldb) || !as_colmajor(M, N, C.rs, C.cs, tc, ldc))
    return false;
  const int m = static_cast<int>(M), n = static_cast<int>(N), k = static_cast<int>(K);
  const T one = 1, beta = accumulate ? 1 : 0;
  if (tc == 'N') {
    call(&ta, &tb, &m, &n, &k, &one, A.data, &lda, B.data, &ldb, &beta, C.data, &ldc);
  } else {
    // C is row-major: compute C^T = B^T A^T into its column-major reading
    char fa = flip(ta), fb = flip(tb);
    call(&fb, &fa, &n, &m, &k, &one, B.data, &ldb, A.data, &lda, &beta, C.data, &ldc);
  }
  return true;
}
#endif

}  // namespace

bool blas_compiled() {
#ifdef TM_USE_BLAS
  return true;
#else
  return false;
#endif
}

bool blas_enabled() { return blas_compiled() && g_enabled; }
void set_blas_enabled(bool on) { g_enabled = on; }

const char* blas_vendor() {
#ifdef TM_USE_BLAS
  static std::string name;
  if (name.empty()) {
#if defined(__GNUC__) && !defined(_WIN32)
    if (openblas_get_config) name = std::string("OpenBLAS (") + openblas_get_config() + ")";
#endif
    if (name.empty()) name = TM_BLAS_NAME;
  }
  return name.c_str();
#else
  return "";
#endif
}

// OpenBLAS keeps to the calling thread: gemm() spreads products over our own
// pool (slabs.h). Its threads would otherwise spin, yielding, for a while after
// every call, on the two cores our next kernel needs.
namespace {
struct BlasOneThread {
  BlasOneThread() {
#if defined(TM_USE_BLAS) && defined(__GNUC__) && !defined(_WIN32)
    if (openblas_set_num_threads) openblas_set_num_threads(1);
#endif
  }
} blas_one_thread;
}  // namespace

bool blas_sgemm(int64_t M, int64_t N, int64_t K, Mat<const float> A, Mat<const float> B, Mat<float> C, bool accumulate) {
#ifdef TM_USE_BLAS
  return blas_gemm<float>(M, N, K, A, B, C, accumulate, [](auto... a) { sgemm_(a..., 1, 1); });
#else
  (void)M, (void)N, (void)K, (void)A, (void)B, (void)C, (void)accumulate;
  return false;
#endif
}

bool blas_dgemm(int64_t M, int64_t N, int64_t K, Mat<const double> A, Mat<const double> B, Mat<double> C, bool accumulate) {
#ifdef TM_USE_BLAS
  return blas_gemm<double>(M, N, K, A, B, C, accumulate, [](auto... a) { dgemm_(a..., 1, 1); });
#else
  (void)M, (void)N, (void)K, (void)A, (void)B, (void)C, (void)accumulate;
  return false;
#endif
}

}  // namespace taimatsu
