// The GEMM every dtype and layout can take (cuBLAS serves contiguous float32/float64):
// one thread per output element, accumulating in double or int64.
#include "common.cuh"

// a [...batch, M, K], b [...batch, K, N], out [...batch, M, N], batch dims already broadcast
#define TM_MATMUL(T, SUF)                                                                               \
  extern "C" __global__ void matmul_##SUF(View out, View a, View b, i64 n, i64 K) {                    \
    typedef Storage<T>::type S;                                                                         \
    typedef Acc<T>::type A;                                                                             \
    const int r = out.rank;                                                                             \
    const i64 M = out.shape[r - 2], N = out.shape[r - 1];                                               \
    TM_GRID_STRIDE(i, n) {                                                                              \
      i64 rest = i;                                                                                     \
      const i64 col = rest % N; rest /= N;                                                              \
      const i64 row = rest % M; rest /= M;                                                              \
      i64 oa = a.offset, ob = b.offset, oo = out.offset;                                                \
      for (int d = r - 3; d >= 0; d--) {                                                                \
        const i64 c = rest % out.shape[d];                                                              \
        rest /= out.shape[d];                                                                           \
        oa += c * a.strides[d];                                                                         \
        ob += c * b.strides[d];                                                                         \
        oo += c * out.strides[d];                                                                       \
      }                                                                                                 \
      oa += row * a.strides[r - 2];                                                                     \
      ob += col * b.strides[r - 1];                                                                     \
      A acc = 0;                                                                                        \
      for (i64 k = 0; k < K; k++)                                                                       \
        acc += (A)((const S*)a.data)[oa + k * a.strides[r - 1]] * (A)((const S*)b.data)[ob + k * b.strides[r - 2]]; \
      ((S*)out.data)[oo + row * out.strides[r - 2] + col * out.strides[r - 1]] = Convert<T>::from(acc); \
    }                                                                                                   \
  }
TM_FOR_ALL_DTYPES(TM_MATMUL)
