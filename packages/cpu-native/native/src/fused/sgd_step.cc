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

// The usual case: dense, distinct param/grad/buffer, no dampening, past the
// first step, not maximizing. The options that remain are template
// parameters so that every variant is one branch-free loop the compiler
// vectorises (runtime flags left it a scalar loop with a branch per element);
// the arithmetic is the same expressions, in the same order, as the general
// path below.
template <class T, bool BUF, bool DECAY, bool NESTEROV>
void sgd_dense(T* __restrict P, const T* __restrict G, T* __restrict B, int64_t lo, int64_t hi, const SgdAttrs& a) {
  const T wd = static_cast<T>(a.weight_decay), mom = static_cast<T>(a.momentum), neg_lr = static_cast<T>(-a.lr);
  for (int64_t i = lo; i < hi; i++) {
    T d = G[i];
    if constexpr (DECAY) d = d + P[i] * wd;
    if constexpr (BUF) {
      const T b = B[i] * mom + d;
      B[i] = b;
      d = NESTEROV ? d + b * mom : b;
    }
    P[i] = P[i] + d * neg_lr;
  }
}

template <class T, bool BUF> auto pick_dense(const SgdAttrs& a) {
  using Fn = void (*)(T*, const T*, T*, int64_t, int64_t, const SgdAttrs&);
  const bool decay = a.weight_decay != 0;
  if (a.nesterov) return decay ? Fn(sgd_dense<T, BUF, true, true>) : Fn(sgd_dense<T, BUF, false, true>);
  return decay ? Fn(sgd_dense<T, BUF, true, false>) : Fn(sgd_dense<T, BUF, false, false>);
}

// Whether the first `count` operands are each one dense run of T and share no memory.
template <class T, int N> bool dense_and_distinct(const Plan<N>& plan, int count) {
  for (int k = 0; k < count; k++) {
    if (plan.ndim != 1 || plan.strides[k][0] != static_cast<int64_t>(sizeof(T))) return false;
    for (int j = 0; j < k; j++) {
      const char *a = plan.base[k], *b = plan.base[j];
      const int64_t bytes = plan.numel * static_cast<int64_t>(sizeof(T));
      if (a < b + bytes && b < a + bytes) return false;
    }
  }
  return true;
}

template <class T> bool sgd_fast(const View& p, const View& g, const View* buf, const SgdAttrs& a) {
  if (a.maximize || (buf && (a.first_step || a.dampening != 0))) return false;
  const View* vs[3] = {&p, &g, buf ? buf : &p};
  Plan<3> plan = make_plan<3>(vs);
  if (!dense_and_distinct<T>(plan, buf ? 3 : 2)) return false;
  T* P = reinterpret_cast<T*>(plan.base[0]);
  const T* G = reinterpret_cast<const T*>(plan.base[1]);
  T* B = buf ? reinterpret_cast<T*>(plan.base[2]) : nullptr;
  const auto run = buf ? pick_dense<T, true>(a) : pick_dense<T, false>(a);
  parallel_for(0, plan.numel, kGrainCheap, [&](int64_t lo, int64_t hi) { run(P, G, B, lo, hi, a); });
  return true;
}

template <class T> void sgd(const View& p, const View& g, const View* buf, const SgdAttrs& a) {
  if (sgd_fast<T>(p, g, buf, a)) return;
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
