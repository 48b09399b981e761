// nllLoss on log-probabilities: loss = -weight[t] * input[n, t, d], 0 where
// ignored; "mean" divides by the sum of weight[t] over kept targets.
#include <atomic>
#include <cmath>

#include "../common/registry.h"
#include "../common/staging.h"
#include "loss_common.h"

namespace taimatsu {

void fill_view(const View& out, double value);  // kernels/fill.cc

namespace {

template <class T> void nll_loss(const View& out, const View& x, const View& target, const View* weight, const LossAttrs& a) {
  const int64_t N = x.shape[0], C = x.shape[1], D = x.shape[2];
  const int64_t* xs = x.strides;
  const int64_t* ts = target.strides;
  double total = 0, denom = 0;
  T* O = out.ptr<T>();
  for (int64_t n = 0; n < N; n++)
    for (int64_t d = 0; d < D; d++) {
      const int64_t t = target.ptr<const int64_t>()[n * ts[0] + d * ts[1]];
      double l = 0;
      if (t != a.ignore_index) {
        if (t < 0 || t >= C) fail("cpu-native nllLoss: target out of range");
        const double w = weight ? static_cast<double>(weight->ptr<const T>()[t * weight->strides[0]]) : 1.0;
        l = -w * static_cast<double>(x.ptr<const T>()[n * xs[0] + t * xs[1] + d * xs[2]]);
        denom += w;
      }
      if (a.reduction == kNone) O[n * D + d] = static_cast<T>(l);
      total += l;
    }
  if (a.reduction != kNone) *O = static_cast<T>(a.reduction == kMean ? total / denom : total);
}

// args: as crossEntropy (smoothing unused); out, input [N, C, D], target [N, D][, weight [C]]
void nll_loss_kernel(Args& args) {
  LossAttrs a = LossAttrs::read(args);
  View out = args.view();
  View in = args.view();
  View target = args.view();
  View weight;
  if (a.has_weight) weight = args.view();
  if (in.ndim != 3 || target.ndim != 2) fail("cpu-native nllLoss: expects input [N, C, D] and target [N, D]");
  Staging st;
  DType cd = float_compute_dtype(out.dtype);
  View x = st.input(in, cd);
  View t = st.input(target, DType::I64);
  View w = a.has_weight ? st.input(weight, cd) : View{};
  View o = st.dense_output(out, cd);
  if (in.shape[0] * in.shape[2] == 0) {
    if (o.numel() > 0) fill_view(o, a.reduction == kMean ? NAN : 0);
  } else {
    dispatch_float(cd, [&](auto tag) { nll_loss<decltype(tag)>(o, x, t, a.has_weight ? &w : nullptr, a); });
  }
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(nllLoss, nll_loss_kernel);

}  // namespace taimatsu
