// sgdStep: one SGD (momentum, dampening, Nesterov, weight decay, maximize)
// update in place, one pass over param/grad/buffer. Arithmetic is in the
// tensor dtype with each scalar rounded to it, in the order core's unfused
// optimizer uses (PyTorch 1.13's single-tensor SGD).
#include "../common/loops.h"
#include "../common/registry.h"
#include "../common/staging.h"

namespace taimatsu {

namespace {

struct SgdAttrs {
  double lr, momentum, dampening, weight_decay;
  bool nesterov, maximize, first_step, has_buffer;
};

template <class T> void sgd(const View& p, const View& g, const View* buf, const SgdAttrs& a) {
  const T wd = static_cast<T>(a.weight_decay), mom = static_cast<T>(a.momentum), damp = static_cast<T>(1 - a.dampening);
  const T neg_lr = static_cast<T>(-a.lr);
  auto direction = [&](T param, T grad) {
    T d = a.maximize ? -grad : grad;
    if (a.weight_decay != 0) d = d + param * wd;
    return d;
  };
  if (!buf) {
    const View* vs[2] = {&p, &g};
    for_each_element<T>(make_plan<2>(vs), kGrainCheap, [&](T& param, T& grad) { param = param + direction(param, grad) * neg_lr; });
    return;
  }
  const View* vs[3] = {&p, &g, buf};
  for_each_element<T>(make_plan<3>(vs), kGrainCheap, [&](T& param, T& grad, T& b) {
    T d = direction(param, grad);
    // buf.mul_(momentum).add_(d, alpha=1 - dampening); alpha 1 is a plain add
    b = a.first_step ? d : (a.dampening == 0 ? b * mom + d : b * mom + d * damp);
    d = a.nesterov ? d + b * mom : b;
    param = param + d * neg_lr;
  });
}

// args: lr, momentum, dampening, weightDecay, nesterov, maximize, firstStep, has_buffer; param, grad[, buffer]
void sgd_step_kernel(Args& args) {
  SgdAttrs a;
  a.lr = args.f64(), a.momentum = args.f64(), a.dampening = args.f64(), a.weight_decay = args.f64();
  a.nesterov = args.i32() != 0, a.maximize = args.i32() != 0, a.first_step = args.i32() != 0, a.has_buffer = args.i32() != 0;
  View param = args.view();
  View grad = args.view();
  View buffer;
  if (a.has_buffer) buffer = args.view();
  check_same_shape("sgdStep", param, grad);
  if (a.has_buffer) check_same_shape("sgdStep", param, buffer);
  Staging st;
  DType cd = float_compute_dtype(param.dtype);
  View p = st.output(param, cd, true);
  View g = st.input(grad, cd);
  View b = a.has_buffer ? st.output(buffer, cd, true) : View{};
  dispatch_float(cd, [&](auto tag) { sgd<decltype(tag)>(p, g, a.has_buffer ? &b : nullptr, a); });
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(sgdStep, sgd_step_kernel);

}  // namespace taimatsu
