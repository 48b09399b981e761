// rmspropStep: one RMSprop update in place (centered and momentum variants),
// in the tensor dtype with scalars rounded to it, following core's unfused order.
#include <cmath>

#include "../common/loops.h"
#include "../common/registry.h"
#include "../common/staging.h"

namespace taimatsu {

namespace {

struct RmsAttrs {
  double lr, alpha, eps, weight_decay, momentum;
  bool centered, maximize, has_grad_avg, has_buffer;
};

template <class T> void rmsprop(const View& p, const View& g, const View& sq, const View* ga, const View* buf, const RmsAttrs& a) {
  const T alpha = static_cast<T>(a.alpha), one_alpha = static_cast<T>(1 - a.alpha), wd = static_cast<T>(a.weight_decay);
  const T eps = static_cast<T>(a.eps), mom = static_cast<T>(a.momentum), neg_lr = static_cast<T>(-a.lr);
  const View* vs[5] = {&p, &g, &sq, ga ? ga : &sq, buf ? buf : &sq};
  for_each(make_plan<5>(vs), kGrainCheap, [&](char** ptr, const int64_t* s, int64_t n) {
    for (int64_t i = 0; i < n; i++) {
      T& param = *reinterpret_cast<T*>(ptr[0] + i * s[0]);
      T& square = *reinterpret_cast<T*>(ptr[2] + i * s[2]);
      const T grad = *reinterpret_cast<const T*>(ptr[1] + i * s[1]);
      T d = a.maximize ? -grad : grad;
      if (a.weight_decay != 0) d = d + param * wd;
      square = square * alpha + (d * one_alpha) * d;  // (value * t1) * t2, addcmul's order
      T avg;
      if (ga) {
        T& gavg = *reinterpret_cast<T*>(ptr[3] + i * s[3]);
        gavg = gavg * alpha + d * one_alpha;
        avg = std::sqrt(square - gavg * gavg);
      } else {
        avg = std::sqrt(square);
      }
      avg = avg + eps;
      if (buf) {
        T& b = *reinterpret_cast<T*>(ptr[4] + i * s[4]);
        b = b * mom + d / avg;
        param = param + b * neg_lr;
      } else {
        param = param + (d * neg_lr) / avg;
      }
    }
  });
}

// args: lr, alpha, eps, weightDecay, momentum, centered, maximize, has_grad_avg, has_buffer; param, grad, squareAvg[, gradAvg][, buffer]
void rmsprop_step_kernel(Args& args) {
  RmsAttrs a;
  a.lr = args.f64(), a.alpha = args.f64(), a.eps = args.f64(), a.weight_decay = args.f64(), a.momentum = args.f64();
  a.centered = args.i32() != 0, a.maximize = args.i32() != 0, a.has_grad_avg = args.i32() != 0, a.has_buffer = args.i32() != 0;
  View param = args.view();
  View grad = args.view();
  View square = args.view();
  View grad_avg, buffer;
  if (a.has_grad_avg) grad_avg = args.view();
  if (a.has_buffer) buffer = args.view();
  Staging st;
  DType cd = float_compute_dtype(param.dtype);
  View p = st.output(param, cd, true);
  View g = st.input(grad, cd);
  View sq = st.output(square, cd, true);
  View ga = a.has_grad_avg ? st.output(grad_avg, cd, true) : View{};
  View b = a.has_buffer ? st.output(buffer, cd, true) : View{};
  dispatch_float(cd, [&](auto tag) { rmsprop<decltype(tag)>(p, g, sq, a.has_grad_avg ? &ga : nullptr, a.has_buffer ? &b : nullptr, a); });
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(rmspropStep, rmsprop_step_kernel);

}  // namespace taimatsu
