// The BLAS path. Declares the Fortran sgemm_/dgemm_ entry points itself (every
// BLAS has them; cblas.h is not always installed) and maps row-major strided
// views onto column-major op(A) arguments, so transposed views cost nothing.
//
// The BLAS is either linked (a build from source, TM_USE_BLAS) or, in the
// prebuilt addon (TM_BLAS_DLOPEN), opened at run time: the prebuilt then loads
// on machines without OpenBLAS and uses the builtin GEMM there.
#include <climits>
#include <cstddef>
#include <cstdlib>
#include <string>

#include "gemm.h"

#ifdef TM_BLAS_DLOPEN
#include <dlfcn.h>
#endif

extern "C" {
using sgemm_fn = void (*)(const char*, const char*, const int*, const int*, const int*, const float*, const float*, const int*,
                          const float*, const int*, const float*, float*, const int*, size_t, size_t);
using dgemm_fn = void (*)(const char*, const char*, const int*, const int*, const int*, const double*, const double*, const int*,
                          const double*, const int*, const double*, double*, const int*, size_t, size_t);
#if defined(TM_USE_BLAS) && !defined(TM_BLAS_DLOPEN)
void sgemm_(const char* ta, const char* tb, const int* m, const int* n, const int* k, const float* alpha, const float* a,
            const int* lda, const float* b, const int* ldb, const float* beta, float* c, const int* ldc, size_t, size_t);
void dgemm_(const char* ta, const char* tb, const int* m, const int* n, const int* k, const double* alpha, const double* a,
            const int* lda, const double* b, const int* ldb, const double* beta, double* c, const int* ldc, size_t, size_t);
// OpenBLAS extras, looked up weakly so other BLAS libraries link too
#if defined(__GNUC__) && !defined(_WIN32)
__attribute__((weak)) char* openblas_get_config(void);
__attribute__((weak)) void openblas_set_num_threads(int);
#endif
#endif
}

#if defined(TM_BLAS_DLOPEN) && !defined(TM_USE_BLAS)
#define TM_USE_BLAS
#endif

namespace taimatsu {

namespace {

bool g_enabled = true;

// The BLAS entry points; null where there is none.
struct BlasApi {
  sgemm_fn sgemm = nullptr;
  dgemm_fn dgemm = nullptr;
  char* (*get_config)() = nullptr;
  void (*set_num_threads)(int) = nullptr;
  std::string library;
};

#ifdef TM_BLAS_DLOPEN
// TAIMATSU_BLAS_LIBRARY names another library; otherwise OpenBLAS by its usual names.
BlasApi open_blas() {
  BlasApi api;
  const char* chosen = std::getenv("TAIMATSU_BLAS_LIBRARY");
  const char* names[] = {chosen, "libopenblas.so.0", "libopenblas.so", "libopenblas.dylib"};
  for (const char* name : names) {
    if (name == nullptr || *name == 0) continue;
    void* lib = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) continue;
    api.sgemm = reinterpret_cast<sgemm_fn>(dlsym(lib, "sgemm_"));
    api.dgemm = reinterpret_cast<dgemm_fn>(dlsym(lib, "dgemm_"));
    if (api.sgemm == nullptr || api.dgemm == nullptr) {
      api = BlasApi();
      dlclose(lib);
      continue;
    }
    api.get_config = reinterpret_cast<char* (*)()>(dlsym(lib, "openblas_get_config"));
    api.set_num_threads = reinterpret_cast<void (*)(int)>(dlsym(lib, "openblas_set_num_threads"));
    api.library = name;
    break;
  }
  return api;
}
#endif

const BlasApi& blas_api() {
  static const BlasApi api = [] {
#if defined(TM_BLAS_DLOPEN)
    return open_blas();
#elif defined(TM_USE_BLAS)
    BlasApi linked;
    linked.sgemm = sgemm_;
    linked.dgemm = dgemm_;
#if defined(__GNUC__) && !defined(_WIN32)
    linked.get_config = openblas_get_config;
    linked.set_num_threads = openblas_set_num_threads;
#endif
    linked.library = TM_BLAS_NAME;
    return linked;
#else
    return BlasApi();
#endif
  }();
  return api;
}

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

bool blas_compiled() { return blas_api().sgemm != nullptr; }

bool blas_enabled() { return blas_compiled() && g_enabled; }
void set_blas_enabled(bool on) { g_enabled = on; }

const char* blas_vendor() {
  static const std::string name = [] {
    const BlasApi& api = blas_api();
    if (api.get_config) return std::string("OpenBLAS (") + api.get_config() + ")";
    return api.library;
  }();
  return name.c_str();
}

// OpenBLAS keeps to the calling thread: gemm() spreads products over our own
// pool (slabs.h). Its threads would otherwise spin, yielding, for a while after
// every call, on the two cores our next kernel needs.
namespace {
struct BlasOneThread {
  BlasOneThread() {
    if (blas_api().set_num_threads) blas_api().set_num_threads(1);
  }
} blas_one_thread;
}  // namespace

bool blas_sgemm(int64_t M, int64_t N, int64_t K, Mat<const float> A, Mat<const float> B, Mat<float> C, bool accumulate) {
#ifdef TM_USE_BLAS
  return blas_gemm<float>(M, N, K, A, B, C, accumulate, [](auto... a) { blas_api().sgemm(a..., 1, 1); });
#else
  (void)M, (void)N, (void)K, (void)A, (void)B, (void)C, (void)accumulate;
  return false;
#endif
}

bool blas_dgemm(int64_t M, int64_t N, int64_t K, Mat<const double> A, Mat<const double> B, Mat<double> C, bool accumulate) {
#ifdef TM_USE_BLAS
  return blas_gemm<double>(M, N, K, A, B, C, accumulate, [](auto... a) { blas_api().dgemm(a..., 1, 1); });
#else
  (void)M, (void)N, (void)K, (void)A, (void)B, (void)C, (void)accumulate;
  return false;
#endif
}

}  // namespace taimatsu
