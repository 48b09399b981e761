// crossEntropyBackward: d loss / d logits = scale * ((1 - s) w_t (q - onehot_t)
// + s / C (q * sum_k w_k - w)), q = softmax over classes; 0 where ignored.
#include <atomic>

#include "../common/parallel.h"
#include "../common/registry.h"
#include "../common/staging.h"
#include "loss_common.h"

namespace taimatsu {

namespace {

template <class T>
void cross_entropy_backward(const View& gi, const View& go, const View& x, const View& target, const View* weight, const LossAttrs& a) {
  const int64_t N = x.shape[0], C = x.shape[1], D = x.shape[2];
  const int64_t* xs = x.strides;
  const int64_t* ts = target.strides;
  const T* X = x.ptr<const T>();
  const int64_t* Tg = target.ptr<const int64_t>();
  const ClassWeights<T> wt(weight);
  double wsum = 0;  // sum of all class weights, for the smoothing term
  for (int64_t c = 0; c < C; c++) wsum += wt(c);
  double denom = 1;
  if (a.reduction == kMean) {
    denom = 0;
    for (int64_t n = 0; n < N; n++)
      for (int64_t d = 0; d < D; d++) {
        const int64_t t = Tg[n * ts[0] + d * ts[1]];
        if (t != a.ignore_index && t >= 0 && t < C) denom += wt(t);
      }
  }
  const T* G = go.ptr<const T>();
  const bool per_position = a.reduction == kNone;
  T* GI = gi.ptr<T>();  // dense [N, C, D]
  BadIndex bad;
  parallel_for(0, N * D, std::max<int64_t>(1, (1 << 15) / std::max<int64_t>(1, C)), [&](int64_t lo, int64_t hi) {
    for (int64_t p = lo; p < hi; p++) {
      const int64_t n = p / D, d = p % D;
      T* grow = GI + n * C * D + d;
      const int64_t t = Tg[n * ts[0] + d * ts[1]];
      if (t == a.ignore_index) {
        for (int64_t c = 0; c < C; c++) grow[c * D] = 0;
        continue;
      }
      if (t < 0 || t >= C) {
        bad.note(t);
        continue;
      }
      const double g = static_cast<double>(per_position ? G[n * go.strides[0] + d * go.strides[1]] : G[0]) / denom;
      const T* row = X + n * xs[0] + d * xs[2];
      const double lse = log_sum_exp(row, xs[1], C);
      const double hard = (1 - a.smoothing) * wt(t), soft = a.smoothing / C;
      for (int64_t c = 0; c < C; c++) {
        const double q = std::exp(static_cast<double>(row[c * xs[1]]) - lse);
        double v = hard * (q - (c == t ? 1 : 0));
        if (soft != 0) v += soft * (q * wsum - wt(c));
        grow[c * D] = static_cast<T>(g * v);
      }
    }
  });
  if (bad) fail_index("crossEntropyBackward", "target", bad.value, 1, C);
}

// args: as crossEntropy; out [N, C, D], gradOutput, input, target[, weight]
void cross_entropy_backward_kernel(Args& args) {
  LossAttrs a = LossAttrs::read(args);
  View out = args.view();
  View grad = args.view();
  View in = args.view();
  View target = args.view();
  View weight;
  if (a.has_weight) weight = args.view();
  if (in.ndim != 3 || target.ndim != 2) fail("cpu-native crossEntropyBackward: expects input [N, C, D] and target [N, D]");
  if (out.numel() == 0) return;
  Staging st;
  DType cd = float_compute_dtype(out.dtype);
  View go = st.input(grad, cd);
  View x = st.input(in, cd);
  View t = st.input(target, DType::I64);
  View w = a.has_weight ? st.input(weight, cd) : View{};
  View o = st.dense_output(out, cd);
  dispatch_float(cd, [&](auto tag) { cross_entropy_backward<decltype(tag)>(o, go, x, t, a.has_weight ? &w : nullptr, a); });
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(crossEntropyBackward, cross_entropy_backward_kernel);

}  // namespace taimatsu
