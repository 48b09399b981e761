// unary: elementwise math in the output's dtype; logicalNot/isnan test the
// input and write bool. Codes follow UnaryOp's order in src/codes.ts.
#include <array>
#include <cmath>
#include <utility>

#include "../common/arith.h"
#include "../common/loops.h"
#include "../common/registry.h"
#include "../common/staging.h"

namespace taimatsu {

namespace {

enum Op {
  kIdentity, kNeg, kAbs, kSign, kExp, kLog, kSqrt, kRsqrt, kReciprocal, kSin, kCos, kTanh, kSigmoid, kErf,
  kFloor, kCeil, kRound, kTrunc, kLogicalNot, kIsnan, kNumOps
};

// Integer results of real-valued functions go through double, as in the reference.
template <class T, class F> inline T via_double(T x, F f) {
  if constexpr (is_fp_v<T>) return f(x);
  else return from_double<T>(f(static_cast<double>(x)));
}

template <int OP, class T> inline T apply(T x) {
  using namespace arith;
  if constexpr (OP == kNeg) return neg(x);
  else if constexpr (OP == kAbs) {
    if constexpr (is_fp_v<T>) return std::fabs(x);
    else if constexpr (std::is_signed_v<T>) return x < 0 ? neg(x) : x;
    else return x;
  } else if constexpr (OP == kSign) return x > 0 ? T(1) : x < 0 ? T(-1) : x;  // keeps NaN and -0
  else if constexpr (OP == kExp) return via_double(x, [](auto v) { return std::exp(v); });
  else if constexpr (OP == kLog) return via_double(x, [](auto v) { return std::log(v); });
  else if constexpr (OP == kSqrt) return via_double(x, [](auto v) { return std::sqrt(v); });
  else if constexpr (OP == kRsqrt) return via_double(x, [](auto v) { return decltype(v)(1) / std::sqrt(v); });
  else if constexpr (OP == kReciprocal) return via_double(x, [](auto v) { return decltype(v)(1) / v; });
  else if constexpr (OP == kSin) return via_double(x, [](auto v) { return std::sin(v); });
  else if constexpr (OP == kCos) return via_double(x, [](auto v) { return std::cos(v); });
  else if constexpr (OP == kTanh) return via_double(x, [](auto v) { return std::tanh(v); });
  else if constexpr (OP == kSigmoid) return via_double(x, [](auto v) { return decltype(v)(1) / (decltype(v)(1) + std::exp(-v)); });
  else if constexpr (OP == kErf) return via_double(x, [](auto v) { return std::erf(v); });
  else if constexpr (OP == kFloor) { if constexpr (is_fp_v<T>) return std::floor(x); else return x; }
  else if constexpr (OP == kCeil) { if constexpr (is_fp_v<T>) return std::ceil(x); else return x; }
  else if constexpr (OP == kRound) { if constexpr (is_fp_v<T>) return std::nearbyint(x); else return x; }  // half to even
  else if constexpr (OP == kTrunc) { if constexpr (is_fp_v<T>) return std::trunc(x); else return x; }
  else return x;
}

constexpr bool is_costly(int op) { return op >= kExp && op <= kErf; }

// bool tensors compute as 0/1 doubles and store "!= 0", exactly like the reference
template <int OP, class S> inline storage_t<S> apply_stored(storage_t<S> x) {
  if constexpr (is_bool_v<S>) return apply<OP>(static_cast<double>(x)) != 0 ? 1 : 0;
  else return apply<OP>(x);
}

template <int OP, class S> void unary_typed(const View& out, const View& in) {
  using T = storage_t<S>;
  const View* vs[2] = {&out, &in};
  auto plan = make_plan<2>(vs);
  for_each(plan, is_costly(OP) ? kGrainCostly : kGrainCheap, [](char** p, const int64_t* s, int64_t n) {
    T* o = reinterpret_cast<T*>(p[0]);
    const T* a = reinterpret_cast<const T*>(p[1]);
    if (s[0] == sizeof(T) && s[1] == sizeof(T)) {
      for (int64_t i = 0; i < n; i++) o[i] = apply_stored<OP, S>(a[i]);
    } else {
      for (int64_t i = 0; i < n; i++)
        *reinterpret_cast<T*>(p[0] + i * s[0]) = apply_stored<OP, S>(*reinterpret_cast<const T*>(p[1] + i * s[1]));
    }
  });
}

// logicalNot / isnan: input dtype in, bool out
template <int OP, class S> void predicate_typed(const View& out, const View& in) {
  using T = storage_t<S>;
  const View* vs[2] = {&out, &in};
  auto plan = make_plan<2>(vs);
  for_each(plan, kGrainCheap, [](char** p, const int64_t* s, int64_t n) {
    for (int64_t i = 0; i < n; i++) {
      T x = *reinterpret_cast<const T*>(p[1] + i * s[1]);
      bool r;
      if constexpr (OP == kLogicalNot) r = x == 0;
      else if constexpr (is_fp_v<T>) r = x != x;
      else r = false;
      *reinterpret_cast<uint8_t*>(p[0] + i * s[0]) = r ? 1 : 0;
    }
  });
}

using UnaryFn = void (*)(const View&, const View&);

template <class S, int... OPS> constexpr auto make_table(std::integer_sequence<int, OPS...>) {
  return std::array<UnaryFn, sizeof...(OPS)>{{(OPS == kLogicalNot || OPS == kIsnan ? &predicate_typed<OPS, S> : &unary_typed<OPS, S>)...}};
}

template <class S> UnaryFn lookup(int op) {
  static constexpr auto table = make_table<S>(std::make_integer_sequence<int, kNumOps>{});
  return table[op];
}

void unary_kernel(Args& args) {
  int op = args.i32();
  View out = args.view();
  View in = args.view();
  if (op < 0 || op >= kNumOps) fail("cpu-native unary: unknown op");
  check_same_shape("unary", out, in);
  if (op == kIdentity) return cast_view(out, in);
  Staging st;
  bool predicate = op == kLogicalNot || op == kIsnan;
  DType cd = compute_dtype(predicate ? in.dtype : out.dtype);
  View a = st.input(in, cd);
  View o = st.output(out, predicate ? DType::Bool : cd);
  UnaryFn fn = nullptr;
  dispatch_compute(cd, [&](auto tag) { fn = lookup<decltype(tag)>(op); });
  fn(o, a);
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(unary, unary_kernel);

}  // namespace taimatsu
