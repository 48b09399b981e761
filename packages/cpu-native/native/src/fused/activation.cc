// The pointwise activations of core's fused-kernel list, one op code each,
// computed in double and rounded once to the output dtype (halves included).
#include <cmath>

#include "../common/loops.h"
#include "../common/registry.h"
#include "../common/staging.h"

namespace taimatsu {

namespace {

enum Op { kHardtanh, kLeakyRelu, kGelu, kGeluTanh, kSilu, kMish, kHardswish, kHardsigmoid, kElu, kSoftplus, kLogSigmoid, kNumOps };

struct Params {
  double a, b, c;  // per op: (min, max) / slope / (alpha, scale, inputScale) / (beta, threshold)
};

inline double softplus(double x) { return x > 20 ? x : std::log1p(std::exp(x)); }
inline double relu6_over6(double x) { return (x < 0 ? 0 : x > 6 ? 6 : x) / 6; }

template <int OP> inline double apply(double x, const Params& p) {
  if constexpr (OP == kHardtanh) return x < p.a ? p.a : x > p.b ? p.b : x;
  else if constexpr (OP == kLeakyRelu) return x > 0 ? x : p.a * x;
  else if constexpr (OP == kGelu) return 0.5 * x * (1 + std::erf(x * M_SQRT1_2));
  else if constexpr (OP == kGeluTanh) return 0.5 * x * (1 + std::tanh(std::sqrt(2 / M_PI) * (x + 0.044715 * x * x * x)));
  else if constexpr (OP == kSilu) return x / (1 + std::exp(-x));
  else if constexpr (OP == kMish) return x * std::tanh(softplus(x));
  else if constexpr (OP == kHardswish) return x * relu6_over6(x + 3);
  else if constexpr (OP == kHardsigmoid) return relu6_over6(x + 3);
  else if constexpr (OP == kElu) return x > 0 ? p.b * x : p.b * p.a * (std::exp(p.c * x) - 1);
  else if constexpr (OP == kSoftplus) return p.a * x > p.b ? x : std::log1p(std::exp(p.a * x)) / p.a;
  else return (x < 0 ? x : 0) - std::log1p(std::exp(-std::fabs(x)));  // log(sigmoid(x)), stable both ways
}

template <int OP, class T> void activation_typed(const View& out, const View& in, const Params& p) {
  const View* vs[2] = {&out, &in};
  for_each(make_plan<2>(vs), kGrainCostly, [&](char** ptr, const int64_t* s, int64_t n) {
    for (int64_t i = 0; i < n; i++)
      *reinterpret_cast<T*>(ptr[0] + i * s[0]) = static_cast<T>(apply<OP>(static_cast<double>(*reinterpret_cast<const T*>(ptr[1] + i * s[1])), p));
  });
}

template <class T> void dispatch_op(int op, const View& out, const View& in, const Params& p) {
  switch (op) {
    case kHardtanh: return activation_typed<kHardtanh, T>(out, in, p);
    case kLeakyRelu: return activation_typed<kLeakyRelu, T>(out, in, p);
    case kGelu: return activation_typed<kGelu, T>(out, in, p);
    case kGeluTanh: return activation_typed<kGeluTanh, T>(out, in, p);
    case kSilu: return activation_typed<kSilu, T>(out, in, p);
    case kMish: return activation_typed<kMish, T>(out, in, p);
    case kHardswish: return activation_typed<kHardswish, T>(out, in, p);
    case kHardsigmoid: return activation_typed<kHardsigmoid, T>(out, in, p);
    case kElu: return activation_typed<kElu, T>(out, in, p);
    case kSoftplus: return activation_typed<kSoftplus, T>(out, in, p);
    case kLogSigmoid: return activation_typed<kLogSigmoid, T>(out, in, p);
    default: fail("cpu-native activation: unknown op");
  }
}

// args: op, a, b, c; out, input
void activation_kernel(Args& args) {
  const int op = args.i32();
  Params p;
  p.a = args.f64(), p.b = args.f64(), p.c = args.f64();
  View out = args.view();
  View in = args.view();
  check_same_shape("activation", out, in);
  if (out.numel() == 0) return;
  Staging st;
  DType cd = float_compute_dtype(out.dtype);
  View x = st.input(in, cd);
  View o = st.output(out, cd);
  dispatch_float(cd, [&](auto tag) { dispatch_op<decltype(tag)>(op, o, x, p); });
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(activation, activation_kernel);

}  // namespace taimatsu
