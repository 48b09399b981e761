// Element types and the conversions between them.
//
// Conversions follow the reference backend exactly, because it is the oracle
// the conformance tests compare against: a value is first a real number, then
// stored the way a JS typed array would store it (ToInt32/ToUint8 wrap-around,
// NaN -> 0 for integers, "!= 0" for bool, round-to-nearest-even for halves).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace taimatsu {

// Same order as DTYPES in @taimatsu/core, so JS can pass the index.
enum class DType : int { F32 = 0, F64 = 1, F16 = 2, BF16 = 3, I32 = 4, I64 = 5, U8 = 6, Bool = 7 };
constexpr int kNumDTypes = 8;

inline int item_size(DType d) {
  switch (d) {
    case DType::F32: case DType::I32: return 4;
    case DType::F64: case DType::I64: return 8;
    case DType::F16: case DType::BF16: return 2;
    default: return 1;
  }
}

const char* dtype_name(DType d);

inline bool is_half(DType d) { return d == DType::F16 || d == DType::BF16; }
inline bool is_float(DType d) { return d == DType::F32 || d == DType::F64 || is_half(d); }

// Storage types for the dtypes kernels compute in. bool is stored as 0/1 bytes
// but gets its own tag so templates can tell it from uint8.
struct BoolTag {};
template <class T> struct Storage { using type = T; };
template <> struct Storage<BoolTag> { using type = uint8_t; };
template <class T> using storage_t = typename Storage<T>::type;

template <class T> constexpr bool is_bool_v = std::is_same_v<T, BoolTag>;
template <class T> constexpr bool is_fp_v = std::is_floating_point_v<T>;
template <class T> constexpr bool is_int_v = std::is_integral_v<T>;

// ---- number -> stored value, as the reference backend's `coercer` does ----

// ECMAScript ToInt32/ToUint8 style wrap-around of an already truncated double.
inline uint64_t wrap_u64(double t) {
  // |t| < 2^63 is by far the common case; beyond that reduce modulo 2^64 first
  if (std::fabs(t) < 9.2e18) return static_cast<uint64_t>(static_cast<int64_t>(t));
  double m = std::fmod(t, 18446744073709551616.0);
  if (m < 0) m += 18446744073709551616.0;
  return m >= 9223372036854775808.0 ? static_cast<uint64_t>(m - 9223372036854775808.0) + (1ull << 63)
                                    : static_cast<uint64_t>(m);
}

template <class To> inline storage_t<To> from_double(double v) {
  if constexpr (std::is_same_v<To, float>) return static_cast<float>(v);
  else if constexpr (std::is_same_v<To, double>) return v;
  else if constexpr (is_bool_v<To>) return v != 0 ? 1 : 0;  // NaN counts as true, like JS
  else if constexpr (std::is_same_v<To, int64_t>) {
    if (!std::isfinite(v)) return 0;
    double t = std::trunc(v);
    // out of int64's range the reference keeps a float; saturate like a hardware conversion would
    if (t >= 9223372036854775807.0) return INT64_MAX;
    if (t <= -9223372036854775808.0) return INT64_MIN;
    return static_cast<int64_t>(t);
  } else {
    if (!std::isfinite(v)) return 0;
    double t = std::trunc(v);
    if (std::fabs(t) < 2147483648.0) return static_cast<storage_t<To>>(static_cast<int32_t>(t));
    return static_cast<storage_t<To>>(wrap_u64(t));
  }
}

// ---- float16 / bfloat16 bits, rounding to nearest even ----

inline uint32_t f32_bits(float f) { uint32_t u; std::memcpy(&u, &f, 4); return u; }
inline float bits_f32(uint32_t u) { float f; std::memcpy(&f, &u, 4); return f; }

inline uint16_t f32_to_bf16(float f) {
  if (std::isnan(f)) return 0x7fc0;
  uint32_t bits = f32_bits(f);
  uint32_t rounding = 0x7fff + ((bits >> 16) & 1);
  return static_cast<uint16_t>((bits + rounding) >> 16);
}

inline float bf16_to_f32(uint16_t h) { return bits_f32(static_cast<uint32_t>(h) << 16); }

inline uint16_t f32_to_f16(float f) {
  uint32_t x = f32_bits(f);
  uint32_t sign = (x >> 16) & 0x8000;
  int exp = (x >> 23) & 0xff;
  uint32_t mant = x & 0x7fffff;
  if (exp == 0xff) return static_cast<uint16_t>(sign | 0x7c00 | (mant ? 0x200 : 0));
  int e = exp - 127 + 15;
  if (e >= 0x1f) return static_cast<uint16_t>(sign | 0x7c00);
  if (e <= 0) {
    if (e < -10) return static_cast<uint16_t>(sign);
    mant |= 0x800000;
    int shift = 14 - e;
    uint32_t half = mant >> shift;
    uint32_t rem = mant & ((1u << shift) - 1);
    uint32_t mid = 1u << (shift - 1);
    if (rem > mid || (rem == mid && (half & 1))) half++;
    return static_cast<uint16_t>(sign | half);
  }
  uint32_t half = (static_cast<uint32_t>(e) << 10) | (mant >> 13);
  uint32_t rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem == 0x1000 && (half & 1))) half++;  // a carry into the exponent is the right result
  return static_cast<uint16_t>(sign | half);
}

inline float f16_to_f32(uint16_t h) {
  uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16;
  uint32_t exp = (h >> 10) & 0x1f;
  uint32_t mant = h & 0x3ff;
  if (exp == 0) {
    float v = static_cast<float>(mant) * 5.9604644775390625e-8f;  // mant * 2^-24, exact
    return sign ? -v : v;
  }
  if (exp == 0x1f) return bits_f32(sign | 0x7f800000 | (mant << 13));
  return bits_f32(sign | ((exp + 112) << 23) | (mant << 13));
}

// Calls f(type tag) with the C++ type of a compute dtype (not the halves).
template <class F> inline void dispatch_compute(DType d, F&& f) {
  switch (d) {
    case DType::F32: f(float{}); break;
    case DType::F64: f(double{}); break;
    case DType::I32: f(int32_t{}); break;
    case DType::I64: f(int64_t{}); break;
    case DType::U8: f(uint8_t{}); break;
    case DType::Bool: f(BoolTag{}); break;
    default: break;  // callers stage halves through float32 first
  }
}

// Calls f(tag) with the unsigned integer type of an element's size: for
// kernels that only move elements, which then need one instantiation per size
// rather than per dtype.
template <class F> inline void dispatch_bits(size_t itemsize, F&& f) {
  switch (itemsize) {
    case 1: f(uint8_t{}); break;
    case 2: f(uint16_t{}); break;
    case 4: f(uint32_t{}); break;
    default: f(uint64_t{}); break;
  }
}

}  // namespace taimatsu
