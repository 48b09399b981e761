// identity: strided copy with dtype conversion (core's cast and contiguous).
#include <cstring>
#include <type_traits>

#include "../common/loops.h"
#include "../common/registry.h"
#include "../common/staging.h"

namespace taimatsu {

namespace {

struct F16Tag {};
struct BF16Tag {};
template <class T> struct Stored { using type = storage_t<T>; };
template <> struct Stored<F16Tag> { using type = uint16_t; };
template <> struct Stored<BF16Tag> { using type = uint16_t; };
template <class T> using stored_t = typename Stored<T>::type;

template <class T> constexpr bool is_half_v = std::is_same_v<T, F16Tag> || std::is_same_v<T, BF16Tag>;

// float value of a half-precision element
template <class From> inline float half_value(uint16_t x) {
  if constexpr (std::is_same_v<From, F16Tag>) return f16_to_f32(x);
  else return bf16_to_f32(x);
}

template <class From, class To> inline stored_t<To> convert(stored_t<From> x) {
  if constexpr (is_half_v<From>) {
    return convert<float, To>(half_value<From>(x));
  } else if constexpr (is_half_v<To>) {
    float f;
    if constexpr (is_bool_v<From>) f = x ? 1.0f : 0.0f;
    else f = static_cast<float>(static_cast<double>(x));  // doubles round once to float, as the reference does
    if constexpr (std::is_same_v<To, F16Tag>) return f32_to_f16(f);
    else return f32_to_bf16(f);
  } else if constexpr (is_bool_v<To>) {
    return x != 0 ? 1 : 0;
  } else if constexpr (is_bool_v<From>) {
    return static_cast<stored_t<To>>(x);
  } else if constexpr (is_fp_v<From> && is_int_v<To>) {
    return from_double<To>(static_cast<double>(x));
  } else if constexpr (is_int_v<From> && std::is_same_v<To, float>) {
    return static_cast<float>(static_cast<double>(x));  // int64 rounds via double like the reference
  } else {
    return static_cast<stored_t<To>>(x);  // float<->double, int widening/wrapping
  }
}

template <class From, class To> void cast_typed(const View& dst, const View& src) {
  using S = stored_t<From>;
  using D = stored_t<To>;
  const View* vs[2] = {&dst, &src};
  auto plan = make_plan<2>(vs);
  for_each(plan, kGrainCheap, [](char** p, const int64_t* s, int64_t n) {
    D* o = reinterpret_cast<D*>(p[0]);
    const S* a = reinterpret_cast<const S*>(p[1]);
    if (s[0] == sizeof(D) && s[1] == sizeof(S)) {
      for (int64_t i = 0; i < n; i++) o[i] = convert<From, To>(a[i]);
    } else if (s[0] == sizeof(D) && s[1] == 0) {
      D v = convert<From, To>(*a);
      for (int64_t i = 0; i < n; i++) o[i] = v;
    } else {
      for (int64_t i = 0; i < n; i++)
        *reinterpret_cast<D*>(p[0] + i * s[0]) = convert<From, To>(*reinterpret_cast<const S*>(p[1] + i * s[1]));
    }
  });
}

template <class F> void dispatch_any(DType d, F&& f) {
  switch (d) {
    case DType::F32: f(float{}); break;
    case DType::F64: f(double{}); break;
    case DType::F16: f(F16Tag{}); break;
    case DType::BF16: f(BF16Tag{}); break;
    case DType::I32: f(int32_t{}); break;
    case DType::I64: f(int64_t{}); break;
    case DType::U8: f(uint8_t{}); break;
    case DType::Bool: f(BoolTag{}); break;
  }
}

// Same dtype: a copy by element size, memcpy when both sides are dense.
template <class T> void copy_typed(const View& dst, const View& src) {
  if (dst.contiguous() && src.contiguous()) {
    int64_t bytes = dst.numel() * static_cast<int64_t>(sizeof(T));
    parallel_for(0, bytes, int64_t(1) << 20, [&](int64_t b, int64_t e) { std::memmove(dst.data + b, src.data + b, e - b); });
    return;
  }
  const View* vs[2] = {&dst, &src};
  auto plan = make_plan<2>(vs);
  for_each(plan, kGrainCheap, [](char** p, const int64_t* s, int64_t n) {
    T* o = reinterpret_cast<T*>(p[0]);
    const T* a = reinterpret_cast<const T*>(p[1]);
    if (s[0] == sizeof(T) && s[1] == sizeof(T)) std::memmove(o, a, n * sizeof(T));
    else if (s[0] == sizeof(T) && s[1] == 0) std::fill(o, o + n, *a);
    else
      for (int64_t i = 0; i < n; i++) *reinterpret_cast<T*>(p[0] + i * s[0]) = *reinterpret_cast<const T*>(p[1] + i * s[1]);
  });
}

}  // namespace

void cast_view(const View& dst, const View& src) {
  check_same_shape("identity", dst, src);
  if (dst.dtype == src.dtype) {
    dispatch_bits(dst.itemsize(), [&](auto bits) { copy_typed<decltype(bits)>(dst, src); });
    return;
  }
  dispatch_any(src.dtype, [&](auto from) {
    dispatch_any(dst.dtype, [&](auto to) { cast_typed<decltype(from), decltype(to)>(dst, src); });
  });
}

}  // namespace taimatsu
