// reduce (sum prod max min over axes), argReduce, and scans along one axis.
// One thread per output element (or per line): simple, and exact in order.
#include "common.cuh"

enum Reduce { R_SUM, R_PROD, R_MAX, R_MIN };
enum Scan { S_SUM, S_PROD, S_MAX, S_MIN, S_LOGSUMEXP };

/** max/min that let NaN win, as torch.max does. */
template <class W> __device__ __forceinline__ W pickMax(W acc, W x) { return isNaN(acc) ? acc : (isNaN(x) || x > acc) ? x : acc; }
template <class W> __device__ __forceinline__ W pickMin(W acc, W x) { return isNaN(acc) ? acc : (isNaN(x) || x < acc) ? x : acc; }

// reduce_<t>: `outer` is `a` restricted to the kept dims (the shape of `out`), `inner` the reduced dims
// of `a` (offset 0); each output element folds the `m` elements of its inner block
#define TM_REDUCE(T, SUF)                                                                               \
  extern "C" __global__ void reduce_##SUF(int op, View out, View outer, View inner, i64 n, i64 m) {    \
    typedef Storage<T>::type S;                                                                         \
    typedef Acc<T>::type W;                                                                             \
    const S* a = (const S*)outer.data;                                                                  \
    TM_GRID_STRIDE(i, n) {                                                                              \
      const i64 base = offsetOf(outer, i);                                                              \
      if (m == 0 && (op == R_MAX || op == R_MIN)) {                                                     \
        /* as the reference: -inf / +inf stored in the dtype (bool: true, integers: 0) */              \
        ((S*)out.data)[offsetOf(out, i)] = Convert<T>::from(IsFloat<S>::value ? (op == R_MAX ? -1.0 / 0.0 : 1.0 / 0.0) : IsSame<T, Bool>::value ? 1.0 : 0.0); \
        continue;                                                                                       \
      }                                                                                                 \
      W acc = op == R_SUM ? (W)0 : op == R_PROD ? (W)1 : (W)a[base + offsetOf(inner, 0)];               \
      for (i64 j = 0; j < m; j++) {                                                                     \
        const W x = (W)a[base + offsetOf(inner, j)];                                                    \
        if (op == R_SUM) acc = (W)(acc + x);                                                            \
        else if (op == R_PROD) acc = (W)(acc * x);                                                      \
        else if (op == R_MAX) acc = pickMax(acc, x);                                                    \
        else acc = pickMin(acc, x);                                                                     \
      }                                                                                                 \
      ((S*)out.data)[offsetOf(out, i)] = Convert<T>::from(acc);                                         \
    }                                                                                                   \
  }                                                                                                     \
  /* argmax/argmin: `outer` is `a` with size 1 at the axis; the first extreme wins, a NaN counts as one */ \
  extern "C" __global__ void argreduce_##SUF(int isMax, View out, View outer, i64 n, i64 len, i64 step) { \
    typedef Storage<T>::type S;                                                                         \
    const S* a = (const S*)outer.data;                                                                  \
    TM_GRID_STRIDE(i, n) {                                                                              \
      const i64 base = offsetOf(outer, i);                                                              \
      S best = a[base];                                                                                 \
      i64 at = 0;                                                                                       \
      for (i64 j = 1; j < len && !isNaN(best); j++) {                                                   \
        const S x = a[base + j * step];                                                                 \
        if (isNaN(x) || (isMax ? x > best : x < best)) {                                                \
          best = x;                                                                                     \
          at = j;                                                                                       \
        }                                                                                               \
      }                                                                                                 \
      ((i64*)out.data)[offsetOf(out, i)] = at;                                                          \
    }                                                                                                   \
  }                                                                                                     \
  /* scan_<t>: views with size 1 at the axis (one thread per line), and each one's step along it */    \
  extern "C" __global__ void scan_##SUF(int op, View out, View a, View idx, i64 n, i64 len, i64 outStep, \
                                        i64 aStep, i64 idxStep) {                                       \
    typedef Storage<T>::type S;                                                                         \
    typedef Acc<T>::type W;                                                                             \
    TM_GRID_STRIDE(i, n) {                                                                              \
      const S* src = (const S*)a.data + offsetOf(a, i);                                                 \
      S* dst = (S*)out.data + offsetOf(out, i);                                                         \
      i64* pos = idx.data ? (i64*)idx.data + offsetOf(idx, i) : 0;                                      \
      W acc = 0;                                                                                        \
      i64 at = 0;                                                                                       \
      for (i64 j = 0; j < len; j++) {                                                                   \
        const W x = (W)src[j * aStep];                                                                  \
        if (j == 0) acc = x;                                                                            \
        else if (op == S_SUM) acc = (W)(acc + x);                                                       \
        else if (op == S_PROD) acc = (W)(acc * x);                                                      \
        else if (op == S_LOGSUMEXP) {                                                                   \
          const double hi = (double)acc > (double)x ? (double)acc : (double)x;                          \
          const double lo = (double)acc > (double)x ? (double)x : (double)acc;                          \
          acc = isNaN(acc) || isNaN(x) ? (W)(acc + x) : hi == -1.0 / 0.0 ? (W)hi : (W)(hi + log1p(exp(lo - hi))); \
        } else {                                                                                        \
          /* a NaN takes over and holds until the next NaN; an equal later element takes over */       \
          const bool take = isNaN(x) || (!isNaN(acc) && (op == S_MAX ? x >= acc : x <= acc));           \
          if (take) {                                                                                   \
            acc = x;                                                                                    \
            at = j;                                                                                     \
          }                                                                                             \
        }                                                                                               \
        dst[j * outStep] = Convert<T>::from(acc);                                                       \
        if (pos) pos[j * idxStep] = at;                                                                 \
      }                                                                                                 \
    }                                                                                                   \
  }
TM_FOR_ALL_DTYPES(TM_REDUCE)
