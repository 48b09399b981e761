// binary: arithmetic computes in the output's dtype; comparisons and logic
// compare the inputs in their (common) dtype and write bool. Codes follow
// BinaryOp's order in src/codes.ts.
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
  kAdd, kSub, kMul, kDiv, kPow, kMaximum, kMinimum, kFmod, kRemainder, kFloorDivide, kAtan2,
  kEq, kNe, kLt, kLe, kGt, kGe, kLogicalAnd, kLogicalOr, kLogicalXor,
  kBitwiseAnd, kBitwiseOr, kBitwiseXor, kNumOps
};

constexpr bool is_bool_result(int op) { return op >= kEq && op <= kLogicalXor; }
constexpr bool is_bitwise(int op) { return op >= kBitwiseAnd; }
constexpr bool is_costly(int op) { return op == kPow || op == kAtan2 || op == kFmod || op == kRemainder; }

template <int OP, class T> inline T arith_op(T a, T b) {
  using namespace arith;
  if constexpr (OP == kAdd) return add(a, b);
  else if constexpr (OP == kSub) return sub(a, b);
  else if constexpr (OP == kMul) return mul(a, b);
  else if constexpr (OP == kDiv) return div(a, b);
  else if constexpr (OP == kPow) return pow(a, b);
  else if constexpr (OP == kMaximum) return maximum(a, b);
  else if constexpr (OP == kMinimum) return minimum(a, b);
  else if constexpr (OP == kFmod) return fmod(a, b);
  else if constexpr (OP == kRemainder) return remainder(a, b);
  else if constexpr (OP == kFloorDivide) return floor_divide(a, b);
  else if constexpr (OP == kAtan2) {
    if constexpr (is_fp_v<T>) return std::atan2(a, b);
    else return from_double<T>(std::atan2(static_cast<double>(a), static_cast<double>(b)));
  } else if constexpr (is_int_v<T>) {
    if constexpr (OP == kBitwiseAnd) return a & b;
    else if constexpr (OP == kBitwiseOr) return a | b;
    else return a ^ b;
  } else {
    return a;  // bitwise ops on floats are rejected before dispatch
  }
}

template <int OP, class T> inline uint8_t compare_op(T a, T b) {
  if constexpr (OP == kEq) return a == b;
  else if constexpr (OP == kNe) return a != b;
  else if constexpr (OP == kLt) return a < b;
  else if constexpr (OP == kLe) return a <= b;
  else if constexpr (OP == kGt) return a > b;
  else if constexpr (OP == kGe) return a >= b;
  else if constexpr (OP == kLogicalAnd) return (a != 0) && (b != 0);
  else if constexpr (OP == kLogicalOr) return (a != 0) || (b != 0);
  else return (a != 0) != (b != 0);
}

// One element: bool outputs of arithmetic compute as 0/1 doubles, stored "!= 0".
template <int OP, class S> inline auto apply(storage_t<S> a, storage_t<S> b) {
  if constexpr (is_bool_result(OP)) return compare_op<OP>(a, b);
  else if constexpr (is_bool_v<S> && !is_bitwise(OP))
    return static_cast<uint8_t>(arith_op<OP>(static_cast<double>(a), static_cast<double>(b)) != 0);
  else return arith_op<OP>(a, b);
}

template <int OP, class S> void binary_typed(const View& out, const View& x, const View& y) {
  using T = storage_t<S>;
  using R = decltype(apply<OP, S>(T{}, T{}));
  const View* vs[3] = {&out, &x, &y};
  auto plan = make_plan<3>(vs);
  for_each(plan, is_costly(OP) ? kGrainCostly : kGrainCheap, [](char** p, const int64_t* s, int64_t n) {
    R* o = reinterpret_cast<R*>(p[0]);
    const T* a = reinterpret_cast<const T*>(p[1]);
    const T* b = reinterpret_cast<const T*>(p[2]);
    // separate loops so the compiler vectorises the dense and scalar-operand cases
    if (s[0] == sizeof(R)) {
      if (s[1] == sizeof(T) && s[2] == sizeof(T)) {
        for (int64_t i = 0; i < n; i++) o[i] = apply<OP, S>(a[i], b[i]);
        return;
      }
      if (s[1] == sizeof(T) && s[2] == 0) {
        const T bv = *b;
        for (int64_t i = 0; i < n; i++) o[i] = apply<OP, S>(a[i], bv);
        return;
      }
      if (s[1] == 0 && s[2] == sizeof(T)) {
        const T av = *a;
        for (int64_t i = 0; i < n; i++) o[i] = apply<OP, S>(av, b[i]);
        return;
      }
    }
    for (int64_t i = 0; i < n; i++)
      *reinterpret_cast<R*>(p[0] + i * s[0]) =
          apply<OP, S>(*reinterpret_cast<const T*>(p[1] + i * s[1]), *reinterpret_cast<const T*>(p[2] + i * s[2]));
  });
}

using BinaryFn = void (*)(const View&, const View&, const View&);

template <class S, int... OPS> constexpr auto make_table(std::integer_sequence<int, OPS...>) {
  return std::array<BinaryFn, sizeof...(OPS)>{{&binary_typed<OPS, S>...}};
}

template <class S> BinaryFn lookup(int op) {
  static constexpr auto table = make_table<S>(std::make_integer_sequence<int, kNumOps>{});
  return table[op];
}

void binary_kernel(Args& args) {
  int op = args.i32();
  View out = args.view();
  View x = args.view();
  View y = args.view();
  if (op < 0 || op >= kNumOps) fail("cpu-native binary: unknown op");
  check_same_shape("binary", out, x);
  check_same_shape("binary", out, y);
  Staging st;
  DType cd;
  if (is_bool_result(op)) {
    // compare in the inputs' dtype; mixed inputs meet in float64
    cd = x.dtype == y.dtype ? compute_dtype(x.dtype) : DType::F64;
  } else {
    cd = compute_dtype(out.dtype);
    if (is_bitwise(op) && is_float(cd)) fail(std::string("cpu-native binary: bitwise ops need integer or bool tensors, got ") + dtype_name(out.dtype));
  }
  View a = st.input(x, cd);
  View b = st.input(y, cd);
  View o = st.output(out, is_bool_result(op) ? DType::Bool : cd);
  BinaryFn fn = nullptr;
  dispatch_compute(cd, [&](auto tag) { fn = lookup<decltype(tag)>(op); });
  fn(o, a, b);
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(binary, binary_kernel);

}  // namespace taimatsu
