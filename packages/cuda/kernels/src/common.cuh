// Shared by every kernel file: the strided view every kernel reads and writes
// through (the layout TypeScript packs in src/launch/view-params.ts), the
// dtypes, conversions with PyTorch's rules, and the deferred-error flag.
#pragma once

#define TM_MAX_DIMS 8

typedef long long i64;
typedef unsigned long long u64;
typedef unsigned char u8;

/** A view: element [i0, i1, ...] is data[offset + sum(ik * strides[k])]; 152 bytes, 8-aligned. */
struct View {
  void* data;
  i64 offset;
  int rank;
  int pad_;
  i64 shape[TM_MAX_DIMS];
  i64 strides[TM_MAX_DIMS];
};

/** Where index errors go: [code, tag, index, size]; code 1 is an index out of range, tag names the op. */
struct ErrorFlag {
  u64* slot;
  i64 tag;
};

/** The element offset of the i-th element of `v` in row-major order. */
__device__ __forceinline__ i64 offsetOf(const View& v, i64 i) {
  i64 o = v.offset;
  for (int d = v.rank - 1; d >= 0; d--) {
    const i64 n = v.shape[d];
    o += (i % n) * v.strides[d];
    i /= n;
  }
  return o;
}

/** Records the first index error only; later ones keep the first, which is the one reported. */
__device__ __forceinline__ void raiseIndexError(const ErrorFlag& e, i64 index, i64 size) {
  if (atomicCAS(e.slot, 0ull, 1ull) == 0ull) {
    e.slot[1] = (u64)e.tag;
    e.slot[2] = (u64)index;
    e.slot[3] = (u64)size;
  }
}

#define TM_GRID_STRIDE(i, n) for (i64 i = (i64)blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += (i64)gridDim.x * blockDim.x)

/** bool is stored as a byte of 0 or 1; a tag type keeps its conversions apart from uint8's. */
struct Bool {};

template <class T> struct Storage { typedef T type; };
template <> struct Storage<Bool> { typedef u8 type; };

template <class T> struct IsFloat { static const bool value = false; };
template <> struct IsFloat<float> { static const bool value = true; };
template <> struct IsFloat<double> { static const bool value = true; };

template <class A, class B> struct IsSame { static const bool value = false; };
template <class A> struct IsSame<A, A> { static const bool value = true; };

/** Accumulator types: double for floats, 64-bit integers for integers. */
template <class T> struct Acc { typedef i64 type; };
template <> struct Acc<float> { typedef double type; };
template <> struct Acc<double> { typedef double type; };

/** Converts a value to what dtype `To` stores: to bool is x != 0, float to integer truncates (via int64, so uint8 wraps). */
template <class To> struct Convert {
  template <class From> __device__ static typename Storage<To>::type from(From x) {
    return (typename Storage<To>::type)x;
  }
  __device__ static typename Storage<To>::type from(float x) { return (typename Storage<To>::type)(i64)x; }
  __device__ static typename Storage<To>::type from(double x) { return (typename Storage<To>::type)(i64)x; }
};
template <> struct Convert<float> {
  template <class From> __device__ static float from(From x) { return (float)x; }
};
template <> struct Convert<double> {
  template <class From> __device__ static double from(From x) { return (double)x; }
};
template <> struct Convert<Bool> {
  template <class From> __device__ static u8 from(From x) { return x != (From)0 ? 1 : 0; }
};

template <class T> __device__ __forceinline__ bool isNaN(T x) { return x != x; }

/** The dtypes every kernel is instantiated for, with the suffix of their names. */
#define TM_FOR_ALL_DTYPES(X) X(float, f32) X(double, f64) X(int, i32) X(i64, i64) X(u8, u8) X(Bool, b)
#define TM_FOR_NUMERIC_DTYPES(X) X(float, f32) X(double, f64) X(int, i32) X(i64, i64) X(u8, u8)
