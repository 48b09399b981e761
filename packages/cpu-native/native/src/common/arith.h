// Scalar arithmetic shared by kernels, with the reference backend's semantics:
// integers wrap around, integer division by zero gives 0 (the reference's
// Infinity/NaN stored into an integer array), remainder is Python-style and
// floating max/min propagate NaN.
#pragma once

#include <cmath>
#include <type_traits>

#include "dtype.h"

namespace taimatsu::arith {

template <class T> using unsigned_t = std::make_unsigned_t<T>;

template <class T> inline T add(T a, T b) {
  if constexpr (is_int_v<T>) return static_cast<T>(static_cast<unsigned_t<T>>(a) + static_cast<unsigned_t<T>>(b));
  else return a + b;
}
template <class T> inline T sub(T a, T b) {
  if constexpr (is_int_v<T>) return static_cast<T>(static_cast<unsigned_t<T>>(a) - static_cast<unsigned_t<T>>(b));
  else return a - b;
}
template <class T> inline T mul(T a, T b) {
  if constexpr (is_int_v<T>) return static_cast<T>(static_cast<unsigned_t<T>>(a) * static_cast<unsigned_t<T>>(b));
  else return a * b;
}
template <class T> inline T neg(T a) {
  if constexpr (is_int_v<T>) return static_cast<T>(unsigned_t<T>(0) - static_cast<unsigned_t<T>>(a));
  else return -a;
}

// Truncating division for integers (the reference truncates x / y on store).
template <class T> inline T div(T a, T b) {
  if constexpr (is_int_v<T>) {
    if (b == 0) return 0;
    if constexpr (std::is_signed_v<T>) if (b == -1) return neg(a);
    return static_cast<T>(a / b);
  } else {
    return a / b;
  }
}

template <class T> inline T fmod(T a, T b) {
  if constexpr (is_int_v<T>) {
    if (b == 0) return 0;
    if constexpr (std::is_signed_v<T>) if (b == -1) return 0;
    return static_cast<T>(a % b);
  } else {
    return std::fmod(a, b);
  }
}

// The result takes the divisor's sign.
template <class T> inline T remainder(T a, T b) {
  T r = fmod(a, b);
  if constexpr (is_int_v<T>) {
    if (b == 0) return 0;
    if constexpr (std::is_signed_v<T>) if (r != 0 && ((r < 0) != (b < 0))) r = static_cast<T>(r + b);
    return r;
  } else {
    if (r != 0 && ((r < 0) != (b < 0))) r += b;
    return r;
  }
}

template <class T> inline T floor_divide(T a, T b) {
  if constexpr (is_int_v<T>) {
    if (b == 0) return 0;
    if constexpr (std::is_signed_v<T>) {
      if (b == -1) return neg(a);
      T q = static_cast<T>(a / b);
      if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
      return q;
    } else {
      return static_cast<T>(a / b);
    }
  } else {
    // in double even for float32: rounding the quotient first could cross an integer
    return static_cast<T>(std::floor(static_cast<double>(a) / static_cast<double>(b)));
  }
}

// JS `**`: NaN exponents and (+-1) ** +-Infinity give NaN, unlike C's pow.
template <class T> inline T pow(T a, T b) {
  if constexpr (is_int_v<T>) {
    if constexpr (std::is_signed_v<T>) {
      if (b < 0) return a == 1 ? 1 : a == -1 ? ((b & 1) ? -1 : 1) : 0;  // 1/a^|b| truncated
    }
    T result = 1, base = a;
    for (auto e = static_cast<unsigned_t<T>>(b); e; e >>= 1) {
      if (e & 1) result = mul(result, base);
      base = mul(base, base);
    }
    return result;
  } else {
    if (std::isnan(b) || (std::isinf(b) && std::fabs(a) == 1)) return NAN;
    return std::pow(a, b);
  }
}

// Math.max/Math.min: NaN wins, and +0 beats -0 for max (-0 for min).
template <class T> inline T maximum(T a, T b) {
  if constexpr (is_fp_v<T>) {
    if (a != a || b != b) return NAN;
    return (a > b || (a == b && !std::signbit(a))) ? a : b;
  } else {
    return a > b ? a : b;
  }
}
template <class T> inline T minimum(T a, T b) {
  if constexpr (is_fp_v<T>) {
    if (a != a || b != b) return NAN;
    return (a < b || (a == b && std::signbit(a))) ? a : b;
  } else {
    return a < b ? a : b;
  }
}

}  // namespace taimatsu::arith
