// batchNormBackward: per channel, gradBias = sum g and gradWeight = sum g*xhat;
// training also removes the components along the batch mean and variance:
// gx = (g - gradBias/n - xhat * gradWeight/n) * weight * invstd.
#include <vector>

#include "../common/registry.h"
#include "../common/staging.h"
#include "channel_groups.h"
#include "lane_sum.h"

namespace taimatsu {

namespace {

template <class T>
void batch_norm_backward(const View& gx, const View& gw, const View& gb, const View& g, const View& x, const View* w,
                         const View& mean, const View& invstd, bool training) {
  const int64_t N = x.shape[0], C = x.shape[1], S = plane_size(x);
  const T* G = g.ptr<const T>();
  const T* X = x.ptr<const T>();
  T* GX = gx.ptr<T>();
  auto channel = [&](const View& v, int64_t c) { return static_cast<double>(v.ptr<const T>()[c * v.strides[0]]); };
  const double count = static_cast<double>(N * S);
  for_each_channel_group(C, 2 * N * S * static_cast<int64_t>(sizeof(T)), [&](int64_t c0, int64_t c1) {
    const int64_t Cg = c1 - c0;
    std::vector<LaneSum<T>> sg(checked_size(Cg, sizeof(LaneSum<T>))), sgx(sg.size());
    std::vector<T> mt(sg.size()), a(sg.size()), b(sg.size()), k(sg.size());
    for (int64_t c = c0; c < c1; c++) mt[c - c0] = static_cast<T>(channel(mean, c));
    for_each_plane(N, C, S, c0, c1, [&](int64_t c, int64_t start) {
      const T *gp = G + start, *xp = X + start;
      const T m = mt[c - c0];
      sg[c - c0].add(S, [&](int64_t i) { return gp[i]; });
      sgx[c - c0].add(S, [&](int64_t i) { return gp[i] * (xp[i] - m); });
    });
    // gx = g*scale - (mg + (x - m)*is*mgx)*scale = g*a + x*b + k per channel
    for (int64_t c = c0; c < c1; c++) {
      const double m = channel(mean, c), is = channel(invstd, c), sum_g = sg[c - c0].total(), sum_gx = sgx[c - c0].total() * is;
      gb.ptr<T>()[c] = static_cast<T>(sum_g);
      gw.ptr<T>()[c] = static_cast<T>(sum_gx);
      const double scale = (w ? channel(*w, c) : 1.0) * is;
      const double mg = training ? sum_g / count : 0, mgx = training ? sum_gx / count : 0;
      a[c - c0] = static_cast<T>(scale), b[c - c0] = static_cast<T>(-is * mgx * scale), k[c - c0] = static_cast<T>((-mg + m * is * mgx) * scale);
    }
    for_each_plane(N, C, S, c0, c1, [&](int64_t c, int64_t start) {
      const T *gp = G + start, *xp = X + start;
      T* o = GX + start;
      const T ac = a[c - c0], bc = b[c - c0], kc = k[c - c0];
      for (int64_t i = 0; i < S; i++) o[i] = gp[i] * ac + xp[i] * bc + kc;
    });
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
