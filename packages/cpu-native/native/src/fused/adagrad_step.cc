// adagradStep: one Adagrad update in place, in the tensor dtype with scalars
// rounded to it, following core's unfused order.
#include <cmath>

#include "../common/loops.h"
#include "../common/registry.h"
#include "../common/staging.h"

namespace taimatsu {

namespace {

template <class T> void adagrad(const View& p, const View& g, const View& sum, double lr, double lr_decay, double wd_d, double eps_d, bool maximize, double step) {
  const T wd = static_cast<T>(wd_d), eps = static_cast<T>(eps_d);
  const T neg_clr = static_cast<T>(-(lr / (1 + (step - 1) * lr_decay)));
  const View* vs[3] = {&p, &g, &sum};
  for_each(make_plan<3>(vs), kGrainCheap, [&](char** ptr, const int64_t* s, int64_t n) {
    for (int64_t i = 0; i < n; i++) {
      T& param = *reinterpret_cast<T*>(ptr[0] + i * s[0]);
      T& acc = *reinterpret_cast<T*>(ptr[2] + i * s[2]);
      const T grad = *reinterpret_cast<const T*>(ptr[1] + i * s[1]);
      T d = maximize ? -grad : grad;
      if (wd_d != 0) d = d + param * wd;
      acc = acc + d * d;
      param = param + (d * neg_clr) / (std::sqrt(acc) + eps);  // (value * grad) / std, addcdiv's order
    }
  });
}

// args: lr, lrDecay, weightDecay, eps, maximize, step; param, grad, stateSum
void adagrad_step_kernel(Args& args) {
  const double lr = args.f64(), lr_decay = args.f64(), wd = args.f64(), eps = args.f64();
  const bool maximize = args.i32() != 0;
  const double step = args.f64();
  View param = args.view();
  View grad = args.view();
  View sum = args.view();
  Staging st;
  DType cd = float_compute_dtype(param.dtype);
  View p = st.output(param, cd, true);
  View g = st.input(grad, cd);
  View s = st.output(sum, cd, true);
  dispatch_float(cd, [&](auto tag) { adagrad<decltype(tag)>(p, g, s, lr, lr_decay, wd, eps, maximize, step); });
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(adagradStep, adagrad_step_kernel);

}  // namespace taimatsu
