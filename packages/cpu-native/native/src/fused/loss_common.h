// Shared by the loss kernels (crossEntropy, its backward, nllLoss): argument
// decoding, class weights and the per position log-sum-exp over classes.
#pragma once

#include <cmath>

#include "../common/view.h"

namespace taimatsu {

enum Reduction { kNone = 0, kMean = 1, kSum = 2 };

struct LossAttrs {
  Reduction reduction;
  int64_t ignore_index;
  double smoothing;
  bool has_weight;

  static LossAttrs read(Args& args) {
    LossAttrs a;
    a.reduction = static_cast<Reduction>(args.i32());
    a.ignore_index = args.i64();
    a.smoothing = args.f64();
    a.has_weight = args.i32() != 0;
    return a;
  }
};

// weight[c] of the optional per-class weight, 1 without one, in double.
template <class T> class ClassWeights {
 public:
  explicit ClassWeights(const View* weight)
      : w_(weight ? weight->ptr<const T>() : nullptr), stride_(weight ? weight->strides[0] : 0) {}
  double operator()(int64_t c) const { return w_ ? static_cast<double>(w_[c * stride_]) : 1.0; }

 private:
  const T* w_;
  int64_t stride_;
};

// log(sum_c exp(x[c * stride])) computed stably, in double
template <class T> inline double log_sum_exp(const T* x, int64_t stride, int64_t C) {
  double m = -INFINITY;
  for (int64_t c = 0; c < C; c++) m = std::fmax(m, static_cast<double>(x[c * stride]));
  if (std::isinf(m)) return m;
  double s = 0;
  for (int64_t c = 0; c < C; c++) s += std::exp(static_cast<double>(x[c * stride]) - m);
  return m + std::log(s);
}

}  // namespace taimatsu
