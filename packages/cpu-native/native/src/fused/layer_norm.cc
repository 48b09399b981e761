// layerNorm over the trailing D elements of each row: mean and biased
// variance in double (two passes), rstd = 1 / sqrt(var + eps), then the
// affine output. Rows run in parallel.
#include <cmath>

#include "../common/parallel.h"
#include "../common/registry.h"
#include "../common/staging.h"

namespace taimatsu {

namespace {

template <class T>
void layer_norm(const View& out, const View& mean, const View& rstd, const View& x, const View* w, const View* b, int64_t D, double eps) {
  const int64_t rows = D ? x.numel() / D : 0;
  const T* X = x.ptr<const T>();
  const T* Wt = w ? w->ptr<const T>() : nullptr;
  const T* B = b ? b->ptr<const T>() : nullptr;
  parallel_for(0, rows, std::max<int64_t>(1, (1 << 16) / std::max<int64_t>(1, D)), [&](int64_t lo, int64_t hi) {
    for (int64_t r = lo; r < hi; r++) {
      const T* p = X + r * D;
      double s = 0;
      for (int64_t i = 0; i < D; i++) s += p[i];
      const double m = s / D;
      double q = 0;
      for (int64_t i = 0; i < D; i++) q += (p[i] - m) * (p[i] - m);
      const double rs = 1 / std::sqrt(q / D + eps);
      mean.ptr<T>()[r] = static_cast<T>(m);
      rstd.ptr<T>()[r] = static_cast<T>(rs);
      T* o = out.ptr<T>() + r * D;
      for (int64_t i = 0; i < D; i++) {
        double v = (p[i] - m) * rs;
        if (Wt) v *= Wt[i];
        if (B) v += B[i];
        o[i] = static_cast<T>(v);
      }
    }
  });
}

// args: eps, D (normalized element count), has_weight, has_bias; out, mean, rstd, input[, weight][, bias]
void layer_norm_kernel(Args& args) {
  const double eps = args.f64();
  const int64_t D = args.i64();
  const bool has_w = args.i32() != 0, has_b = args.i32() != 0;
  View out = args.view();
  View mean = args.view();
  View rstd = args.view();
  View in = args.view();
  View weight, bias;
  if (has_w) weight = args.view();
  if (has_b) bias = args.view();
  if (out.numel() == 0) return;
  Staging st;
  DType cd = float_compute_dtype(out.dtype);
  View x = st.dense(in, cd);
  View w = has_w ? st.dense(weight, cd) : View{};
  View b = has_b ? st.dense(bias, cd) : View{};
  View o = st.dense_output(out, cd);
  View m = st.dense_output(mean, cd);
  View r = st.dense_output(rstd, cd);
  dispatch_float(cd, [&](auto tag) { layer_norm<decltype(tag)>(o, m, r, x, has_w ? &w : nullptr, has_b ? &b : nullptr, D, eps); });
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(layerNorm, layer_norm_kernel);

}  // namespace taimatsu
