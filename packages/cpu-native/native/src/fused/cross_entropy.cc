// crossEntropy from logits (log-softmax + weighted NLL + label smoothing) in
// one pass per position, accumulating in double. Positions run in parallel
// into a loss array that is then reduced in order, so results do not depend
// on the thread count's interleaving.
#include <atomic>
#include <vector>

#include "../common/parallel.h"
#include "../common/registry.h"
#include "loss_forward.h"

namespace taimatsu {

namespace {

template <class T> void cross_entropy(const View& out, const View& x, const View& target, const View* weight, const LossAttrs& a) {
  const int64_t N = x.shape[0], C = x.shape[1], D = x.shape[2];
  const int64_t* xs = x.strides;
  const int64_t* ts = target.strides;
  const T* X = x.ptr<const T>();
  const int64_t* Tg = target.ptr<const int64_t>();
  const ClassWeights<T> wt(weight);
  std::vector<double> loss(checked_size(N * D, sizeof(double))), denom(loss.size());
  BadIndex bad;
  parallel_for(0, N * D, std::max<int64_t>(1, (1 << 15) / std::max<int64_t>(1, C)), [&](int64_t lo, int64_t hi) {
    for (int64_t p = lo; p < hi; p++) {
      const int64_t n = p / D, d = p % D;
      const int64_t t = Tg[n * ts[0] + d * ts[1]];
      loss[p] = denom[p] = 0;
      if (t == a.ignore_index) continue;
      if (t < 0 || t >= C) {
        bad.note(t);
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
  if (bad) fail_index("crossEntropy", "target", bad.value, 1, C);
  if (a.reduction == kNone) {
    T* O = out.ptr<T>();
    for (int64_t p = 0; p < N * D; p++) O[p] = static_cast<T>(loss[p]);
    return;
  }
  double total = 0, weight_sum = 0;
  for (int64_t p = 0; p < N * D; p++) total += loss[p], weight_sum += denom[p];
  *out.ptr<T>() = static_cast<T>(a.reduction == kMean ? total / weight_sum : total);
}

// args: see loss_forward.h
void cross_entropy_kernel(Args& args) {
  run_forward_loss(args, "crossEntropy", [](auto tag, const View& o, const View& x, const View& t, const View* w, const LossAttrs& a) {
    cross_entropy<decltype(tag)>(o, x, t, w, a);
  });
}

}  // namespace

TM_REGISTER_KERNEL(crossEntropy, cross_entropy_kernel);

}  // namespace taimatsu
