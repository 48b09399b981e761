// batchNormBackward: per channel, gradBias = sum g and gradWeight = sum g*xhat;
// training also removes the components along the batch mean and variance:
// gx = (g - gradBias/n - xhat * gradWeight/n) * weight * invstd.
#include "../common/parallel.h"
#include "../common/registry.h"
#include "../common/staging.h"
#include "lane_sum.h"

namespace taimatsu {

namespace {

template <class T>
void batch_norm_backward(const View& gx, const View& gw, const View& gb, const View& g, const View& x, const View* w,
                         const View& mean, const View& invstd, bool training) {
  const int64_t N = x.shape[0], C = x.shape[1];
  int64_t S = 1;
  for (int d = 2; d < x.ndim; d++) S *= x.shape[d];
  const T* G = g.ptr<const T>();
  const T* X = x.ptr<const T>();
  T* GX = gx.ptr<T>();
  parallel_for(0, C, std::max<int64_t>(1, (1 << 17) / std::max<int64_t>(1, N * S)), [&](int64_t lo, int64_t hi) {
    for (int64_t c = lo; c < hi; c++) {
      const double m = mean.ptr<const T>()[c * mean.strides[0]];
      const double is = invstd.ptr<const T>()[c * invstd.strides[0]];
      const T mt = static_cast<T>(m);
      LaneSum<T> sg, sgx;
      for (int64_t n = 0; n < N; n++) {
        const T* gp = G + (n * C + c) * S;
        const T* xp = X + (n * C + c) * S;
        sg.add(S, [&](int64_t i) { return gp[i]; });
        sgx.add(S, [&](int64_t i) { return gp[i] * (xp[i] - mt); });
      }
      const double sum_g = sg.total(), sum_gx = sgx.total() * is;
      gb.ptr<T>()[c] = static_cast<T>(sum_g);
      gw.ptr<T>()[c] = static_cast<T>(sum_gx);
      const double scale = (w ? static_cast<double>(w->ptr<const T>()[c * w->strides[0]]) : 1.0) * is;
      const double count = static_cast<double>(N * S);
      const double mg = training ? sum_g / count : 0, mgx = training ? sum_gx / count : 0;
      // gx = g*scale - (mg + (x - m)*is*mgx)*scale = g*a + x*b + k, one pass in T
      const T a = static_cast<T>(scale), b = static_cast<T>(-is * mgx * scale), k = static_cast<T>((-mg + m * is * mgx) * scale);
      for (int64_t n = 0; n < N; n++) {
        const T* gp = G + (n * C + c) * S;
        const T* xp = X + (n * C + c) * S;
        T* o = GX + (n * C + c) * S;
        for (int64_t i = 0; i < S; i++) o[i] = gp[i] * a + xp[i] * b + k;
      }
    }
  });
}

// args: training, has_weight; gradInput, gradWeight, gradBias, gradOutput, input, mean, invstd[, weight]
void batch_norm_backward_kernel(Args& args) {
  const bool training = args.i32() != 0;
  const bool has_weight = args.i32() != 0;
  View gx = args.view();
  View gw = args.view();
  View gb = args.view();
  View grad = args.view();
  View in = args.view();
  View mean = args.view();
  View invstd = args.view();
  View weight;
  if (has_weight) weight = args.view();
  Staging st;
  DType cd = float_compute_dtype(gx.dtype);
  View g = st.dense(grad, cd);
  View x = st.dense(in, cd);
  View m = st.input(mean, cd);
  View is = st.input(invstd, cd);
  View w = has_weight ? st.input(weight, cd) : View{};
  View ogx = st.dense_output(gx, cd);
  View ogw = st.dense_output(gw, cd);
  View ogb = st.dense_output(gb, cd);
  dispatch_float(cd, [&](auto tag) { batch_norm_backward<decltype(tag)>(ogx, ogw, ogb, g, x, has_weight ? &w : nullptr, m, is, training); });
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(batchNormBackward, batch_norm_backward_kernel);

}  // namespace taimatsu
