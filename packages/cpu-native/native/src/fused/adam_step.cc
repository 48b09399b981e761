// adamStep: one Adam/AdamW update in place, one pass over param, grad and
// the moment buffers. Scalars (bias corrections, step size) are computed in
// double on the host side of the formula and rounded once to the dtype,
// matching core's unfused optimizer (PyTorch 1.13's single-tensor Adam).
#include <cmath>

#include "../common/loops.h"
#include "../common/registry.h"
#include "../common/staging.h"

namespace taimatsu {

namespace {

struct AdamAttrs {
  double lr, beta1, beta2, eps, weight_decay, step;
  bool amsgrad, maximize, decoupled, has_max;
};

// Same scalars as the update, rounded once to the dtype.
template <class T> struct AdamScalars {
  T b1, b2, one_b1, one_b2, wd, decay, bc2_sqrt, neg_step, eps;
  explicit AdamScalars(const AdamAttrs& a)
      : b1(static_cast<T>(a.beta1)),
        b2(static_cast<T>(a.beta2)),
        one_b1(static_cast<T>(1 - a.beta1)),
        one_b2(static_cast<T>(1 - a.beta2)),
        wd(static_cast<T>(a.weight_decay)),
        decay(static_cast<T>(1 - a.lr * a.weight_decay)),
        bc2_sqrt(static_cast<T>(std::sqrt(1 - std::pow(a.beta2, a.step)))),
        neg_step(static_cast<T>(-(a.lr / (1 - std::pow(a.beta1, a.step))))),
        eps(static_cast<T>(a.eps)) {}
};

// The usual case: dense, distinct tensors, no amsgrad, not maximizing. The
// weight-decay flavour is a template parameter so that each variant is one
// branch-free loop the compiler vectorises (runtime flags left a branch per
// element); the expressions are those of the general path below.
enum class Decay { kNone, kL2, kDecoupled };

template <class T, Decay D>
void adam_dense(T* __restrict P, const T* __restrict G, T* __restrict M, T* __restrict V, int64_t lo, int64_t hi, const AdamScalars<T>& s) {
  for (int64_t i = lo; i < hi; i++) {
    T d = G[i], param = P[i];
    if constexpr (D == Decay::kDecoupled) param = param * s.decay;
    if constexpr (D == Decay::kL2) d = d + param * s.wd;
    const T m1 = M[i] * s.b1 + d * s.one_b1;
    const T m2 = V[i] * s.b2 + (d * d) * s.one_b2;
    M[i] = m1, V[i] = m2;
    const T denom = std::sqrt(m2) / s.bc2_sqrt + s.eps;
    P[i] = param + (m1 / denom) * s.neg_step;
  }
}

template <class T> bool adam_fast(const View& p, const View& g, const View& m, const View& v, const AdamAttrs& a) {
  if (a.maximize || a.has_max) return false;
  const View* vs[4] = {&p, &g, &m, &v};
  Plan<4> plan = make_plan<4>(vs);
  const int64_t bytes = plan.numel * static_cast<int64_t>(sizeof(T));
  for (int k = 0; k < 4; k++) {
    if (plan.ndim != 1 || plan.strides[k][0] != static_cast<int64_t>(sizeof(T))) return false;
    for (int j = 0; j < k; j++)
      if (plan.base[k] < plan.base[j] + bytes && plan.base[j] < plan.base[k] + bytes) return false;
  }
  using Fn = void (*)(T*, const T*, T*, T*, int64_t, int64_t, const AdamScalars<T>&);
  const Fn run = a.decoupled ? Fn(adam_dense<T, Decay::kDecoupled>) : a.weight_decay != 0 ? Fn(adam_dense<T, Decay::kL2>) : Fn(adam_dense<T, Decay::kNone>);
  const AdamScalars<T> s(a);
  T *P = reinterpret_cast<T*>(plan.base[0]), *M = reinterpret_cast<T*>(plan.base[2]), *V = reinterpret_cast<T*>(plan.base[3]);
  const T* G = reinterpret_cast<const T*>(plan.base[1]);
  parallel_for(0, plan.numel, kGrainCheap, [&](int64_t lo, int64_t hi) { run(P, G, M, V, lo, hi, s); });
  return true;
}

template <class T> void adam(const View& p, const View& g, const View& m, const View& v, const View* mx, const AdamAttrs& a) {
  if (adam_fast<T>(p, g, m, v, a)) return;
  const T b1 = static_cast<T>(a.beta1), b2 = static_cast<T>(a.beta2);
  const T one_b1 = static_cast<T>(1 - a.beta1), one_b2 = static_cast<T>(1 - a.beta2);
  const T wd = static_cast<T>(a.weight_decay), decay = static_cast<T>(1 - a.lr * a.weight_decay);
  const T bc2_sqrt = static_cast<T>(std::sqrt(1 - std::pow(a.beta2, a.step)));
  const T neg_step = static_cast<T>(-(a.lr / (1 - std::pow(a.beta1, a.step))));
  const T eps = static_cast<T>(a.eps);
  const View* vs[5] = {&p, &g, &m, &v, mx ? mx : &v};
  for_each_element<T>(make_plan<5>(vs), kGrainCheap, [&](T& param, T& grad, T& m1, T& m2, T& best) {
    T d = a.maximize ? -grad : grad;
    if (a.decoupled) param = param * decay;
    else if (a.weight_decay != 0) d = d + param * wd;
    m1 = m1 * b1 + d * one_b1;
    m2 = m2 * b2 + (d * d) * one_b2;
    T second = m2;
    if (mx) {
      best = (best != best || m2 != m2) ? NAN : (m2 > best ? m2 : best);
      second = best;
    }
    const T denom = std::sqrt(second) / bc2_sqrt + eps;
    param = param + (m1 / denom) * neg_step;
  });
}

// args: lr, beta1, beta2, eps, weightDecay, step, amsgrad, maximize, decoupled, has_max; param, grad, expAvg, expAvgSq[, maxExpAvgSq]
void adam_step_kernel(Args& args) {
  AdamAttrs a;
  a.lr = args.f64(), a.beta1 = args.f64(), a.beta2 = args.f64(), a.eps = args.f64(), a.weight_decay = args.f64(), a.step = args.f64();
  a.amsgrad = args.i32() != 0, a.maximize = args.i32() != 0, a.decoupled = args.i32() != 0, a.has_max = args.i32() != 0;
  View param = args.view();
  View grad = args.view();
  View exp_avg = args.view();
  View exp_avg_sq = args.view();
  View max_sq;
  if (a.has_max) max_sq = args.view();
  for (const View* v : {&grad, &exp_avg, &exp_avg_sq}) check_same_shape("adamStep", param, *v);
  if (a.has_max) check_same_shape("adamStep", param, max_sq);
  Staging st;
  DType cd = float_compute_dtype(param.dtype);
  View p = st.output(param, cd, true);
  View g = st.input(grad, cd);
  View m = st.output(exp_avg, cd, true);
  View v = st.output(exp_avg_sq, cd, true);
  View mx = a.has_max ? st.output(max_sq, cd, true) : View{};
  dispatch_float(cd, [&](auto tag) { adam<decltype(tag)>(p, g, m, v, a.has_max ? &mx : nullptr, a); });
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(adamStep, adam_step_kernel);

}  // namespace taimatsu
