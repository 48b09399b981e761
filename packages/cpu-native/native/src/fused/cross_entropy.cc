// crossEntropy from logits (log-softmax + weighted NLL + label smoothing) in
// one pass per position, accumulating in double. Positions run in parallel
// into a loss array that is then reduced in order, so results do not depend
// on the thread count's interleaving.
#include <atomic>
#include <vector>

#include "../common/parallel.h"
#include "../common/registry.h"
#include "../common/staging.h"
#include "loss_common.h"

namespace taimatsu {

void fill_view(const View& out, double value);  // kernels/fill.cc

namespace {

template <class T> void cross_entropy(const View& out, const View& x, const View& target, const View* weight, const LossAttrs& a) {
  const int64_t N = x.shape[0], C = x.shape[1], D = x.shape[2];
  const int64_t* xs = x.strides;
  const int64_t* ts = target.strides;
  const T* X = x.ptr<const T>();
  const int64_t* Tg = target.ptr<const int64_t>();
  const T* Wt = weight ? weight->ptr<const T>() : nullptr;
  const int64_t ws = weight ? weight->strides[0] : 0;
  auto wt = [&](int64_t c) { return Wt ? static_cast<double>(Wt[c * ws]) : 1.0; };
  std::vector<double> loss(static_cast<size_t>(N * D)), denom(static_cast<size_t>(N * D));
  std::atomic<bool> bad{false};
  parallel_for(0, N * D, std::max<int64_t>(1, (1 << 15) / std::max<int64_t>(1, C)), [&](int64_t lo, int64_t hi) {
    for (int64_t p = lo; p < hi; p++) {
      const int64_t n = p / D, d = p % D;
      const int64_t t = Tg[n * ts[0] + d * ts[1]];
      loss[p] = denom[p] = 0;
      if (t == a.ignore_index) continue;
      if (t < 0 || t >= C) {
        bad = true;
        continue;
      }
      const T* row = X + n * xs[0] + d * xs[2];
      const double lse = log_sum_exp(row, xs[1], C);
      double l = -wt(t) * (static_cast<double>(row[t * xs[1]]) - lse);
      if (a.smoothing != 0) {
        double s = 0;
        for (int64_t c = 0; c < C; c++) s -= wt(c) * (static_cast<double>(row[c * xs[1]]) - lse);
        l = (1 - a.smoothing) * l + a.smoothing / C * s;
      }
      loss[p] = l;
      denom[p] = wt(t);
    }
  });
  if (bad) fail("cpu-native crossEntropy: target out of range");
  if (a.reduction == kNone) {
    T* O = out.ptr<T>();
    for (int64_t p = 0; p < N * D; p++) O[p] = static_cast<T>(loss[p]);
    return;
  }
  double total = 0, weight_sum = 0;
  for (int64_t p = 0; p < N * D; p++) total += loss[p], weight_sum += denom[p];
  *out.ptr<T>() = static_cast<T>(a.reduction == kMean ? total / weight_sum : total);
}

// args: reduction, ignoreIndex, labelSmoothing, has_weight; out, input [N, C, D], target [N, D][, weight [C]]
void cross_entropy_kernel(Args& args) {
  LossAttrs a = LossAttrs::read(args);
  View out = args.view();
  View in = args.view();
  View target = args.view();
  View weight;
  if (a.has_weight) weight = args.view();
  if (in.ndim != 3 || target.ndim != 2) fail("cpu-native crossEntropy: expects input [N, C, D] and target [N, D]");
  Staging st;
  DType cd = float_compute_dtype(out.dtype);
  View x = st.input(in, cd);
  View t = st.input(target, DType::I64);
  View w = a.has_weight ? st.input(weight, cd) : View{};
  View o = st.dense_output(out, cd);
  if (in.shape[0] * in.shape[2] == 0) {  // an empty batch: sum 0, mean 0/0
    if (o.numel() > 0) fill_view(o, a.reduction == kMean ? NAN : 0);
  } else {
    dispatch_float(cd, [&](auto tag) { cross_entropy<decltype(tag)>(o, x, t, a.has_weight ? &w : nullptr, a); });
  }
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(crossEntropy, cross_entropy_kernel);

}  // namespace taimatsu
