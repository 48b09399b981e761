/*
 * A stand-in for libcublas with the GEMMs the addon uses, computed naively in
 * column-major order as cuBLAS documents them (C = op(A) op(B), alpha 1, beta 0),
 * on the stand-in driver's host-memory "device". Test-only.
 */
#include <stddef.h>

typedef int cublasStatus_t;
typedef void* cublasHandle_t;

cublasStatus_t cublasCreate_v2(cublasHandle_t* h) { *h = (void*)1; return 0; }
cublasStatus_t cublasSetStream_v2(cublasHandle_t h, void* s) { return 0; }
cublasStatus_t cublasSetMathMode(cublasHandle_t h, int mode) { return 0; }
cublasStatus_t cublasGetVersion_v2(cublasHandle_t h, int* v) { *v = 130000; return 0; }

#define GEMM(NAME, T)                                                                                         \
  cublasStatus_t NAME(cublasHandle_t h, int ta, int tb, int m, int n, int k, const T* alpha, const T* A, int lda, \
                      long long sa, const T* B, int ldb, long long sb, const T* beta, T* C, int ldc, long long sc,  \
                      int batch) {                                                                            \
    if (lda < (ta ? k : m) || ldb < (tb ? n : k) || ldc < m || lda < 1 || ldb < 1) return 7; /* INVALID_VALUE */ \
    for (int b = 0; b < batch; b++)                                                                           \
      for (int i = 0; i < m; i++)                                                                             \
        for (int j = 0; j < n; j++) {                                                                         \
          double s = 0;                                                                                       \
          for (int p = 0; p < k; p++) {                                                                       \
            const T x = ta ? A[b * sa + p + (long long)i * lda] : A[b * sa + i + (long long)p * lda];         \
            const T y = tb ? B[b * sb + j + (long long)p * ldb] : B[b * sb + p + (long long)j * ldb];         \
            s += (double)x * (double)y;                                                                       \
          }                                                                                                   \
          C[b * sc + i + (long long)j * ldc] = (T)(*alpha * s + (*beta != 0 ? *beta * C[b * sc + i + (long long)j * ldc] : 0)); \
        }                                                                                                     \
    return 0;                                                                                                 \
  }
GEMM(cublasSgemmStridedBatched, float)
GEMM(cublasDgemmStridedBatched, double)
