// batchNorm forward. Training: per channel, mean and biased variance over
// every other dim (two passes; short partial sums folded into a double), then
// the normalized output; eval uses the given statistics. Channels run in parallel.
#include <cmath>

#include "../common/parallel.h"
#include "../common/registry.h"
#include "../common/staging.h"
#include "lane_sum.h"

namespace taimatsu {

namespace {

// x as [N, C, S] with S the flattened trailing dims (dense input)
struct Channels {
  int64_t N, C, S;
  explicit Channels(const View& x) : N(x.shape[0]), C(x.shape[1]), S(1) {
    for (int d = 2; d < x.ndim; d++) S *= x.shape[d];
  }
};

template <class T> T at(const View* v, int64_t c) { return v ? v->ptr<const T>()[c * v->strides[0]] : T(0); }

template <class T>
void batch_norm(const View& out, const View& mean_out, const View& var_out, const View& x, const View* rm, const View* rv,
                const View* w, const View* b, bool training, double eps) {
  const Channels ch(x);
  const T* X = x.ptr<const T>();
  T* O = out.ptr<T>();
  parallel_for(0, ch.C, std::max<int64_t>(1, (1 << 17) / std::max<int64_t>(1, ch.N * ch.S)), [&](int64_t lo, int64_t hi) {
    for (int64_t c = lo; c < hi; c++) {
      double mean, var;
      if (training) {
        LaneSum<T> s, q;
        for (int64_t n = 0; n < ch.N; n++) {
          const T* p = X + (n * ch.C + c) * ch.S;
          s.add(ch.S, [&](int64_t i) { return p[i]; });
        }
        const double count = static_cast<double>(ch.N * ch.S);
        mean = s.total() / count;
        const T mt = static_cast<T>(mean);
        for (int64_t n = 0; n < ch.N; n++) {
          const T* p = X + (n * ch.C + c) * ch.S;
          q.add(ch.S, [&](int64_t i) { return (p[i] - mt) * (p[i] - mt); });
        }
        var = q.total() / count;
        mean_out.ptr<T>()[c] = static_cast<T>(mean);
        var_out.ptr<T>()[c] = static_cast<T>(var);
      } else {
        mean = at<T>(rm, c), var = at<T>(rv, c);
      }
      const double invstd = 1 / std::sqrt(var + eps);
      // the per-element pass runs in T: one multiply-add per element
      const T scale = static_cast<T>(w ? at<T>(w, c) * invstd : invstd);
      const T shift = static_cast<T>((b ? at<T>(b, c) : 0) - mean * static_cast<double>(scale));
      for (int64_t n = 0; n < ch.N; n++) {
        const T* p = X + (n * ch.C + c) * ch.S;
        T* o = O + (n * ch.C + c) * ch.S;
        for (int64_t i = 0; i < ch.S; i++) o[i] = static_cast<T>(p[i] * scale + shift);
      }
    }
  });
}

// args: training, eps, presence flags (runningMean, runningVar, weight, bias); out, mean, var, input, then the present ones
void batch_norm_kernel(Args& args) {
  const bool training = args.i32() != 0;
  const double eps = args.f64();
  bool has[4];
  for (bool& h : has) h = args.i32() != 0;
  View out = args.view();
  View mean = args.view();
  View var = args.view();
  View in = args.view();
  View opt[4];
  for (int i = 0; i < 4; i++)
    if (has[i]) opt[i] = args.view();
  if (in.ndim < 2) fail("cpu-native batchNorm: expects input [N, C, ...]");
  if (!training && (!has[0] || !has[1])) fail("cpu-native batchNorm: eval mode needs running statistics");
  Staging st;
  DType cd = float_compute_dtype(out.dtype);
  View x = st.dense(in, cd);
  View o = st.dense_output(out, cd);
  View m = training ? st.dense_output(mean, cd) : mean;
  View v = training ? st.dense_output(var, cd) : var;
  View p[4];
  for (int i = 0; i < 4; i++)
    if (has[i]) p[i] = st.input(opt[i], cd);
  auto ptr = [&](int i) { return has[i] ? &p[i] : nullptr; };
  dispatch_float(cd, [&](auto tag) { batch_norm<decltype(tag)>(o, m, v, x, ptr(0), ptr(1), ptr(2), ptr(3), training, eps); });
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(batchNorm, batch_norm_kernel);

}  // namespace taimatsu
