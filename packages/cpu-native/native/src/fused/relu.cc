// relu and its gradient, one pass each (core's decomposition takes two:
// the mask x <= 0, then where). Both keep nan flowing: x <= 0 is false for nan.
#include "../common/loops.h"
#include "../common/registry.h"
#include "../common/staging.h"

namespace taimatsu {

namespace {

template <class T> void relu_typed(const View& out, const View& in) {
  const View* vs[2] = {&out, &in};
  for_each_element<T, 2>(make_plan<2>(vs), kGrainCheap, [](T& o, T& x) { o = x <= T(0) ? T(0) : x; });
}

template <class T> void relu_backward_typed(const View& out, const View& grad, const View& y) {
  const View* vs[3] = {&out, &grad, &y};
  for_each_element<T, 3>(make_plan<3>(vs), kGrainCheap, [](T& o, T& g, T& r) { o = r <= T(0) ? T(0) : g; });
}

// args: out, input
void relu_kernel(Args& args) {
  View out = args.view();
  View in = args.view();
  check_same_shape("relu", out, in);
  if (out.numel() == 0) return;
  Staging st;
  DType cd = float_compute_dtype(out.dtype);
  View x = st.input(in, cd);
  View o = st.output(out, cd);
  dispatch_float(cd, [&](auto tag) { relu_typed<decltype(tag)>(o, x); });
  st.finish();
}

// args: gradInput (the output), gradOutput, relu's output
void relu_backward_kernel(Args& args) {
  View out = args.view();
  View grad = args.view();
  View result = args.view();
  check_same_shape("reluBackward", out, grad);
  check_same_shape("reluBackward", out, result);
  if (out.numel() == 0) return;
  Staging st;
  DType cd = float_compute_dtype(out.dtype);
  View g = st.input(grad, cd);
  View r = st.input(result, cd);
  View o = st.output(out, cd);
  dispatch_float(cd, [&](auto tag) { relu_backward_typed<decltype(tag)>(o, g, r); });
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(relu, relu_kernel);
TM_REGISTER_KERNEL(reluBackward, relu_backward_kernel);

}  // namespace taimatsu
