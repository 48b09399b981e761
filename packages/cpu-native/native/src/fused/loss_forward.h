// The body shared by the forward loss kernels (crossEntropy, nllLoss):
// argument decoding, staging, the empty batch, and dispatch on the float
// compute dtype.
#pragma once

#include <cmath>
#include <string>

#include "../common/staging.h"
#include "loss_common.h"

namespace taimatsu {

void fill_view(const View& out, double value);  // kernels/fill.cc

// args: reduction, ignoreIndex, labelSmoothing, has_weight; out, input [N, C, D], target [N, D][, weight [C]].
// Calls loss(tag, out, input, target, weight or nullptr, attrs) with a value of the compute type as tag.
template <class F> void run_forward_loss(Args& args, const char* name, F&& loss) {
  LossAttrs a = LossAttrs::read(args);
  View out = args.view();
  View in = args.view();
  View target = args.view();
  View weight;
  if (a.has_weight) weight = args.view();
  if (in.ndim != 3 || target.ndim != 2) fail(std::string("cpu-native ") + name + ": expects input [N, C, D] and target [N, D]");
  Staging st;
  DType cd = float_compute_dtype(out.dtype);
  View x = st.input(in, cd);
  View t = st.input(target, DType::I64);
  View w = a.has_weight ? st.input(weight, cd) : View{};
  View o = st.dense_output(out, cd);
  if (in.shape[0] * in.shape[2] == 0) {  // an empty batch: sum 0, mean 0/0
    if (o.numel() > 0) fill_view(o, a.reduction == kMean ? NAN : 0);
  } else {
    dispatch_float(cd, [&](auto tag) { loss(tag, o, x, t, a.has_weight ? &w : nullptr, a); });
  }
  st.finish();
}

}  // namespace taimatsu
