// unary, binary (arithmetic and comparisons), where, fill and dtype casts over strided views.
#include "common.cuh"

// op codes: the order of UNARY_CODE / BINARY_CODE in src/launch/codes.ts
enum Unary { U_IDENTITY, U_NEG, U_ABS, U_SIGN, U_EXP, U_LOG, U_SQRT, U_RSQRT, U_RECIPROCAL, U_SIN, U_COS, U_TANH,
             U_SIGMOID, U_ERF, U_FLOOR, U_CEIL, U_ROUND, U_TRUNC, U_LOGICAL_NOT, U_ISNAN };
enum Binary { B_ADD, B_SUB, B_MUL, B_DIV, B_POW, B_MAXIMUM, B_MINIMUM, B_FMOD, B_REMAINDER, B_FLOOR_DIVIDE, B_ATAN2,
              B_EQ, B_NE, B_LT, B_LE, B_GT, B_GE, B_LOGICAL_AND, B_LOGICAL_OR, B_LOGICAL_XOR,
              B_BITWISE_AND, B_BITWISE_OR, B_BITWISE_XOR };

template <class F> __device__ F unaryFloat(int op, F x) {
  switch (op) {
    case U_IDENTITY: return x;
    case U_NEG: return -x;
    case U_ABS: return fabs(x);
    case U_SIGN: return x > (F)0 ? (F)1 : x < (F)0 ? (F)-1 : x;  // NaN and -0 pass through
    case U_EXP: return exp(x);
    case U_LOG: return log(x);
    case U_SQRT: return sqrt(x);
    case U_RSQRT: return (F)1 / sqrt(x);
    case U_RECIPROCAL: return (F)1 / x;
    case U_SIN: return sin(x);
    case U_COS: return cos(x);
    case U_TANH: return tanh(x);
    case U_SIGMOID: return (F)1 / ((F)1 + exp(-x));
    case U_ERF: return erf(x);
    case U_FLOOR: return floor(x);
    case U_CEIL: return ceil(x);
    case U_ROUND: return rint(x);  // half to even
    case U_TRUNC: return trunc(x);
    default: return x;
  }
}

template <class I> __device__ I unaryInt(int op, I x) {
  switch (op) {
    case U_NEG: return (I)(0 - x);
    case U_ABS: return x < 0 ? (I)(0 - x) : x;
    case U_SIGN: return x > 0 ? 1 : x < 0 ? (I)-1 : 0;
    case U_IDENTITY: case U_FLOOR: case U_CEIL: case U_ROUND: case U_TRUNC: return x;
    default: return (I)(i64)unaryFloat<double>(op, (double)x);
  }
}

template <class T> struct Ops {
  typedef typename Storage<T>::type S;
  __device__ static S unary(int op, S x) { return unaryInt<S>(op, x); }
  __device__ static S binary(int op, S a, S b) {
    typedef typename Acc<T>::type W;  // wrap in 64 bits, then truncate
    const W x = a, y = b;
    switch (op) {
      case B_ADD: return (S)(W)((u64)x + (u64)y);
      case B_SUB: return (S)(W)((u64)x - (u64)y);
      case B_MUL: return (S)(W)((u64)x * (u64)y);
      case B_DIV: return y == 0 ? (S)0 : (S)(x / y);
      case B_POW: {
        if (y < 0) return (S)(x == 1 ? 1 : x == -1 ? ((y & 1) ? -1 : 1) : 0);
        u64 r = 1, base = (u64)x;
        for (W e = y; e > 0; e >>= 1) {
          if (e & 1) r *= base;
          base *= base;
        }
        return (S)(W)r;
      }
      case B_MAXIMUM: return a > b ? a : b;
      case B_MINIMUM: return a < b ? a : b;
      case B_FMOD: return y == 0 ? (S)0 : (S)(x % y);
      case B_REMAINDER: {
        if (y == 0) return 0;
        W r = x % y;
        return (S)(r != 0 && ((r < 0) != (y < 0)) ? r + y : r);
      }
      case B_FLOOR_DIVIDE: {
        if (y == 0) return 0;
        W q = x / y;
        return (S)((x % y != 0 && ((x < 0) != (y < 0))) ? q - 1 : q);
      }
      case B_ATAN2: return (S)(i64)atan2((double)x, (double)y);
      case B_BITWISE_AND: return a & b;
      case B_BITWISE_OR: return a | b;
      case B_BITWISE_XOR: return a ^ b;
      default: return 0;
    }
  }
};

template <class F> struct FloatOps {
  __device__ static F unary(int op, F x) { return unaryFloat<F>(op, x); }
  __device__ static F binary(int op, F x, F y) {
    switch (op) {
      case B_ADD: return x + y;
      case B_SUB: return x - y;
      case B_MUL: return x * y;
      case B_DIV: return x / y;
      case B_POW: return pow(x, y);
      case B_MAXIMUM: return isNaN(x) || isNaN(y) ? x + y : (x > y ? x : y);
      case B_MINIMUM: return isNaN(x) || isNaN(y) ? x + y : (x < y ? x : y);
      case B_FMOD: return fmod(x, y);
      case B_REMAINDER: {
        F r = fmod(x, y);
        return r != (F)0 && ((r < (F)0) != (y < (F)0)) ? r + y : r;
      }
      case B_FLOOR_DIVIDE: return floor(x / y);
      case B_ATAN2: return atan2(x, y);
      default: return (F)0;
    }
  }
};
template <> struct Ops<float> : FloatOps<float> {};
template <> struct Ops<double> : FloatOps<double> {};
// bool arithmetic (logical and bitwise ops, max/min) runs on bytes and stores x != 0
template <> struct Ops<Bool> {
  __device__ static u8 unary(int op, u8 x) { return op == U_NEG ? x : x; }
  __device__ static u8 binary(int op, u8 a, u8 b) { return Ops<u8>::binary(op, a, b) != 0; }
};

template <class S> __device__ u8 compare(int op, S x, S y) {
  switch (op) {
    case B_EQ: return x == y;
    case B_NE: return x != y;
    case B_LT: return x < y;
    case B_LE: return x <= y;
    case B_GT: return x > y;
    case B_GE: return x >= y;
    case B_LOGICAL_AND: return x != (S)0 && y != (S)0;
    case B_LOGICAL_OR: return x != (S)0 || y != (S)0;
    case B_LOGICAL_XOR: return (x != (S)0) != (y != (S)0);
    default: return 0;
  }
}

#define TM_ELEMENTWISE(T, SUF)                                                                              \
  extern "C" __global__ void unary_##SUF(int op, View out, View a, i64 n) {                               \
    typedef Storage<T>::type S;                                                                            \
    TM_GRID_STRIDE(i, n) {                                                                                 \
      ((S*)out.data)[offsetOf(out, i)] = Ops<T>::unary(op, ((const S*)a.data)[offsetOf(a, i)]);           \
    }                                                                                                      \
  }                                                                                                        \
  /* logicalNot and isnan: bool out from any input */                                                      \
  extern "C" __global__ void unary_bool_##SUF(int op, View out, View a, i64 n) {                          \
    typedef Storage<T>::type S;                                                                            \
    TM_GRID_STRIDE(i, n) {                                                                                 \
      const S x = ((const S*)a.data)[offsetOf(a, i)];                                                      \
      ((u8*)out.data)[offsetOf(out, i)] = op == U_ISNAN ? isNaN(x) : x == (S)0;                            \
    }                                                                                                      \
  }                                                                                                        \
  extern "C" __global__ void binary_##SUF(int op, View out, View a, View b, i64 n) {                      \
    typedef Storage<T>::type S;                                                                            \
    TM_GRID_STRIDE(i, n) {                                                                                 \
      ((S*)out.data)[offsetOf(out, i)] =                                                                   \
          Ops<T>::binary(op, ((const S*)a.data)[offsetOf(a, i)], ((const S*)b.data)[offsetOf(b, i)]);     \
    }                                                                                                      \
  }                                                                                                        \
  extern "C" __global__ void compare_##SUF(int op, View out, View a, View b, i64 n) {                     \
    typedef Storage<T>::type S;                                                                            \
    TM_GRID_STRIDE(i, n) {                                                                                 \
      ((u8*)out.data)[offsetOf(out, i)] =                                                                  \
          compare<S>(op, ((const S*)a.data)[offsetOf(a, i)], ((const S*)b.data)[offsetOf(b, i)]);         \
    }                                                                                                      \
  }                                                                                                        \
  extern "C" __global__ void where_##SUF(View out, View cond, View a, View b, i64 n) {                    \
    typedef Storage<T>::type S;                                                                            \
    TM_GRID_STRIDE(i, n) {                                                                                 \
      const bool c = ((const u8*)cond.data)[offsetOf(cond, i)] != 0;                                       \
      ((S*)out.data)[offsetOf(out, i)] = c ? ((const S*)a.data)[offsetOf(a, i)] : ((const S*)b.data)[offsetOf(b, i)]; \
    }                                                                                                      \
  }                                                                                                        \
  extern "C" __global__ void fill_##SUF(View out, double value, i64 n) {                                  \
    typedef Storage<T>::type S;                                                                            \
    const S v = Convert<T>::from(value);                                                                   \
    TM_GRID_STRIDE(i, n) { ((S*)out.data)[offsetOf(out, i)] = v; }                                         \
  }
TM_FOR_ALL_DTYPES(TM_ELEMENTWISE)

// cast_<from>_<to>: the identity kernel between dtypes
#define TM_CAST(TI, SI, TO, SO)                                                                        \
  extern "C" __global__ void cast_##SI##_##SO(View out, View a, i64 n) {                             \
    TM_GRID_STRIDE(i, n) {                                                                            \
      ((Storage<TO>::type*)out.data)[offsetOf(out, i)] =                                              \
          Convert<TO>::from(((const Storage<TI>::type*)a.data)[offsetOf(a, i)]);                      \
    }                                                                                                 \
  }
#define TM_CAST_FROM(TI, SI) \
  TM_CAST(TI, SI, float, f32) TM_CAST(TI, SI, double, f64) TM_CAST(TI, SI, int, i32) TM_CAST(TI, SI, i64, i64) \
  TM_CAST(TI, SI, u8, u8) TM_CAST(TI, SI, Bool, b)
TM_FOR_ALL_DTYPES(TM_CAST_FROM)
