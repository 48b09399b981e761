// Stable sort of each line (one thread per line): a bottom-up merge sort of
// source positions in a scratch buffer, then the values gathered by them.
#include "common.cuh"

/** Whether x sorts strictly before y: NaN is above every number, in either direction. */
template <class S> __device__ __forceinline__ bool before(S x, S y, int descending) {
  if (descending) return (isNaN(x) && !isNaN(y)) || x > y;
  return (!isNaN(x) && isNaN(y)) || x < y;
}

// values, indices and a have size 1 at the axis; scratch holds 2 * len int64 per line
#define TM_SORT(T, SUF)                                                                                 \
  extern "C" __global__ void sort_##SUF(View values, View indices, View a, i64 n, i64 len, i64 vStep,   \
                                        i64 iStep, i64 aStep, int descending, i64* scratch) {          \
    typedef Storage<T>::type S;                                                                         \
    TM_GRID_STRIDE(line, n) {                                                                           \
      const S* src = (const S*)a.data + offsetOf(a, line);                                              \
      i64* from = scratch + line * 2 * len;                                                             \
      i64* to = from + len;                                                                             \
      for (i64 j = 0; j < len; j++) from[j] = j;                                                        \
      for (i64 width = 1; width < len; width *= 2) {                                                    \
        for (i64 lo = 0; lo < len; lo += 2 * width) {                                                   \
          const i64 mid = lo + width < len ? lo + width : len;                                          \
          const i64 hi = lo + 2 * width < len ? lo + 2 * width : len;                                   \
          i64 l = lo, r = mid, k = lo;                                                                  \
          /* the left run wins ties: stable */                                                          \
          while (l < mid && r < hi) to[k++] = before(src[from[r] * aStep], src[from[l] * aStep], descending) ? from[r++] : from[l++]; \
          while (l < mid) to[k++] = from[l++];                                                          \
          while (r < hi) to[k++] = from[r++];                                                           \
        }                                                                                               \
        i64* t = from;                                                                                  \
        from = to;                                                                                      \
        to = t;                                                                                         \
      }                                                                                                 \
      S* v = (S*)values.data + offsetOf(values, line);                                                  \
      i64* ix = (i64*)indices.data + offsetOf(indices, line);                                           \
      for (i64 j = 0; j < len; j++) {                                                                   \
        v[j * vStep] = src[from[j] * aStep];                                                            \
        ix[j * iStep] = from[j];                                                                        \
      }                                                                                                 \
    }                                                                                                   \
  }
TM_FOR_ALL_DTYPES(TM_SORT)
