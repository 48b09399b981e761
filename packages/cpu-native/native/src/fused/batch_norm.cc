// batchNorm forward. Training: per channel, mean and biased variance over
// every other dim (two passes; short partial sums folded into a double), then
// the normalized output; eval uses the given statistics. Channels go in groups
// (channel_groups.h), in parallel.
#include <cmath>
#include <vector>

#include "../common/registry.h"
#include "../common/staging.h"
#include "channel_groups.h"
#include "lane_sum.h"

namespace taimatsu {

namespace {

template <class T> T at(const View* v, int64_t c) { return v ? v->ptr<const T>()[c * v->strides[0]] : T(0); }

template <class T>
void batch_norm(const View& out, const View& mean_out, const View& var_out, const View& x, const View* rm, const View* rv,
                const View* w, const View* b, bool training, double eps) {
  const int64_t N = x.shape[0], C = x.shape[1], S = plane_size(x);
  const T* X = x.ptr<const T>();
  T* O = out.ptr<T>();
  const double count = static_cast<double>(N * S);
  for_each_channel_group(C, N * S * static_cast<int64_t>(sizeof(T)), [&](int64_t c0, int64_t c1) {
    const int64_t Cg = c1 - c0;
    std::vector<double> mean(checked_size(Cg, sizeof(LaneSum<T>))), var(mean.size());
    auto planes = [&](auto&& fn) { for_each_plane(N, C, S, c0, c1, fn); };
    if (training) {
      std::vector<LaneSum<T>> sum(mean.size()), sq(mean.size());
      planes([&](int64_t c, int64_t start) { sum[c - c0].add(S, [&](int64_t i) { return X[start + i]; }); });
      std::vector<T> mt(mean.size());
      for (int64_t c = 0; c < Cg; c++) mean[c] = sum[c].total() / count, mt[c] = static_cast<T>(mean[c]);
      planes([&](int64_t c, int64_t start) {
        const T m = mt[c - c0];
        sq[c - c0].add(S, [&](int64_t i) { return (X[start + i] - m) * (X[start + i] - m); });
      });
      for (int64_t c = c0; c < c1; c++) {
        var[c - c0] = sq[c - c0].total() / count;
        mean_out.ptr<T>()[c] = static_cast<T>(mean[c - c0]);
        var_out.ptr<T>()[c] = static_cast<T>(var[c - c0]);
      }
    } else {
      for (int64_t c = c0; c < c1; c++) mean[c - c0] = at<T>(rm, c), var[c - c0] = at<T>(rv, c);
    }
    // the per-element pass runs in T: one multiply-add per element
    std::vector<T> scale(mean.size()), shift(mean.size());
    for (int64_t c = c0; c < c1; c++) {
      const double invstd = 1 / std::sqrt(var[c - c0] + eps);
      scale[c - c0] = static_cast<T>(w ? at<T>(w, c) * invstd : invstd);
      shift[c - c0] = static_cast<T>((b ? at<T>(b, c) : 0) - mean[c - c0] * static_cast<double>(scale[c - c0]));
    }
    planes([&](int64_t c, int64_t start) {
      const T k = scale[c - c0], h = shift[c - c0];
      for (int64_t i = 0; i < S; i++) O[start + i] = static_cast<T>(X[start + i] * k + h);
    });
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
