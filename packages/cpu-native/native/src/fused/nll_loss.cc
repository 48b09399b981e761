// nllLoss on log-probabilities: loss = -weight[t] * input[n, t, d], 0 where
// ignored; "mean" divides by the sum of weight[t] over kept targets.
#include "../common/registry.h"
#include "loss_forward.h"

namespace taimatsu {

namespace {

template <class T> void nll_loss(const View& out, const View& x, const View& target, const View* weight, const LossAttrs& a) {
  const int64_t N = x.shape[0], C = x.shape[1], D = x.shape[2];
  const int64_t* xs = x.strides;
  const int64_t* ts = target.strides;
  const ClassWeights<T> wt(weight);
  double total = 0, denom = 0;
  T* O = out.ptr<T>();
  for (int64_t n = 0; n < N; n++)
    for (int64_t d = 0; d < D; d++) {
      const int64_t t = target.ptr<const int64_t>()[n * ts[0] + d * ts[1]];
      double l = 0;
      if (t != a.ignore_index) {
        if (t < 0 || t >= C) fail_index("nllLoss", "target", t, 1, C);
        const double w = wt(t);
        l = -w * static_cast<double>(x.ptr<const T>()[n * xs[0] + t * xs[1] + d * xs[2]]);
        denom += w;
      }
      if (a.reduction == kNone) O[n * D + d] = static_cast<T>(l);
      total += l;
    }
  if (a.reduction != kNone) *O = static_cast<T>(a.reduction == kMean ? total / denom : total);
}

// args: as crossEntropy (see loss_forward.h); the smoothing is ignored
void nll_loss_kernel(Args& args) {
  run_forward_loss(args, "nllLoss", [](auto tag, const View& o, const View& x, const View& t, const View* w, const LossAttrs& a) {
    nll_loss<decltype(tag)>(o, x, t, w, a);
  });
}

}  // namespace

TM_REGISTER_KERNEL(nllLoss, nll_loss_kernel);

}  // namespace taimatsu
