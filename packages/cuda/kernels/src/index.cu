// gather and scatter along one dim, with every index range-checked: a bad
// index is recorded in the device's error flag (reported at the next sync,
// naming the op) and never read or written through.
#include "common.cuh"

/** Offset in `v` of the element at `index`'s position i, with coordinate `dim` replaced by `at`. */
__device__ __forceinline__ i64 offsetAlong(const View& index, const View& v, i64 i, int dim, i64 at) {
  i64 o = v.offset;
  for (int d = index.rank - 1; d >= 0; d--) {
    const i64 c = i % index.shape[d];
    i /= index.shape[d];
    o += (d == dim ? at : c) * v.strides[d];
  }
  return o;
}

template <class S> __device__ void atomicAddTo(S* p, S v) { atomicAdd(p, v); }
template <> __device__ void atomicAddTo<i64>(i64* p, i64 v) { atomicAdd((u64*)p, (u64)v); }
// bytes: add inside the aligned 32-bit word that holds them
template <> __device__ void atomicAddTo<u8>(u8* p, u8 v) {
  unsigned* word = (unsigned*)((size_t)p & ~(size_t)3);
  const unsigned shift = ((size_t)p & 3) * 8;
  unsigned old = *word, assumed;
  do {
    assumed = old;
    const unsigned byte = ((assumed >> shift) + v) & 0xffu;
    old = atomicCAS(word, assumed, (assumed & ~(0xffu << shift)) | (byte << shift));
  } while (assumed != old);
}

template <class T, class I>
__device__ void gatherOne(const View& out, const View& src, int dim, const View& index, ErrorFlag err, i64 i) {
  typedef typename Storage<T>::type S;
  const i64 at = (i64)((const I*)index.data)[offsetOf(index, i)];
  const i64 size = src.shape[dim];
  S v = 0;
  if (at < 0 || at >= size) raiseIndexError(err, at, size);
  else v = ((const S*)src.data)[offsetAlong(index, src, i, dim, at)];
  ((S*)out.data)[offsetOf(out, i)] = v;
}

template <class T, class I>
__device__ void scatterOne(const View& out, int dim, const View& index, const View& src, int add, ErrorFlag err, i64 i) {
  typedef typename Storage<T>::type S;
  const i64 at = (i64)((const I*)index.data)[offsetOf(index, i)];
  const i64 size = out.shape[dim];
  if (at < 0 || at >= size) {
    raiseIndexError(err, at, size);
    return;
  }
  S* p = (S*)out.data + offsetAlong(index, out, i, dim, at);
  const S v = ((const S*)src.data)[offsetOf(src, i)];
  if (add) atomicAddTo<S>(p, v);
  else *p = v;
}

#define TM_INDEX(T, SUF, I, ISUF)                                                                        \
  extern "C" __global__ void gather_##SUF##_##ISUF(View out, View src, int dim, View index, ErrorFlag err, i64 n) { \
    TM_GRID_STRIDE(i, n) gatherOne<T, I>(out, src, dim, index, err, i);                                  \
  }                                                                                                      \
  extern "C" __global__ void scatter_##SUF##_##ISUF(View out, int dim, View index, View src, int add, ErrorFlag err, \
                                                    i64 n) {                                             \
    TM_GRID_STRIDE(i, n) scatterOne<T, I>(out, dim, index, src, add, err, i);                            \
  }
#define TM_INDEX_BOTH(T, SUF) TM_INDEX(T, SUF, i64, i64) TM_INDEX(T, SUF, int, i32)
TM_FOR_ALL_DTYPES(TM_INDEX_BOTH)
