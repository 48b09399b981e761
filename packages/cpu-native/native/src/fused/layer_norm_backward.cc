// layerNormBackward: per row, gx = rstd * (gw - mean(gw) - xhat * mean(gw * xhat))
// with gw = g * weight; gradWeight and gradBias sum g * xhat and g over rows
// (in double, rows in order).
#include <vector>

#include "../common/parallel.h"
#include "../common/registry.h"
#include "../common/staging.h"

namespace taimatsu {

namespace {

template <class T>
void layer_norm_backward(const View& gx, const View& gw, const View& gb, const View& g, const View& x, const View& mean,
                         const View& rstd, const View* w, int64_t D) {
  const int64_t rows = D ? x.numel() / D : 0;
  const T* G = g.ptr<const T>();
  const T* X = x.ptr<const T>();
  const T* Wt = w ? w->ptr<const T>() : nullptr;
  parallel_for(0, rows, std::max<int64_t>(1, (1 << 16) / std::max<int64_t>(1, D)), [&](int64_t lo, int64_t hi) {
    for (int64_t r = lo; r < hi; r++) {
      const T* gp = G + r * D;
      const T* xp = X + r * D;
      const double m = mean.ptr<const T>()[r], rs = rstd.ptr<const T>()[r];
      double sum_gw = 0, sum_gwx = 0;
      for (int64_t i = 0; i < D; i++) {
        const double gwi = Wt ? gp[i] * static_cast<double>(Wt[i]) : gp[i];
        sum_gw += gwi;
        sum_gwx += gwi * (xp[i] - m) * rs;
      }
      T* o = gx.ptr<T>() + r * D;
      for (int64_t i = 0; i < D; i++) {
        const double gwi = Wt ? gp[i] * static_cast<double>(Wt[i]) : gp[i];
        o[i] = static_cast<T>(rs * (gwi - sum_gw / D - (xp[i] - m) * rs * sum_gwx / D));
      }
    }
  });
  std::vector<double> sw(checked_size(D, sizeof(double)), 0.0), sb(checked_size(D, sizeof(double)), 0.0);
  for (int64_t r = 0; r < rows; r++) {
    const double m = mean.ptr<const T>()[r], rs = rstd.ptr<const T>()[r];
    for (int64_t i = 0; i < D; i++) {
      sw[i] += G[r * D + i] * ((X[r * D + i] - m) * rs);
      sb[i] += G[r * D + i];
    }
  }
  for (int64_t i = 0; i < D; i++) gw.ptr<T>()[i] = static_cast<T>(sw[i]), gb.ptr<T>()[i] = static_cast<T>(sb[i]);
}

// args: D, has_weight; gradInput, gradWeight, gradBias, gradOutput, input, mean, rstd[, weight]
void layer_norm_backward_kernel(Args& args) {
  const int64_t D = args.i64();
  const bool has_w = args.i32() != 0;
  View gx = args.view();
  View gw = args.view();
  View gb = args.view();
  View grad = args.view();
  View in = args.view();
  View mean = args.view();
  View rstd = args.view();
  View weight;
  if (has_w) weight = args.view();
  Staging st;
  DType cd = float_compute_dtype(gx.dtype);
  View g = st.dense(grad, cd);
  View x = st.dense(in, cd);
  View m = st.dense(mean, cd);
  View r = st.dense(rstd, cd);
  View w = has_w ? st.dense(weight, cd) : View{};
  View ogx = st.dense_output(gx, cd);
  View ogw = st.dense_output(gw, cd);
  View ogb = st.dense_output(gb, cd);
  dispatch_float(cd, [&](auto tag) { layer_norm_backward<decltype(tag)>(ogx, ogw, ogb, g, x, m, r, has_w ? &w : nullptr, D); });
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(layerNormBackward, layer_norm_backward_kernel);

}  // namespace taimatsu
