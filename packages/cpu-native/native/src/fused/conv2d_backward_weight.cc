// conv2dBackwardWeight. Unit-stride float convolutions take the direct path
// (conv_direct.h); otherwise per group, gradW_g [O/g, C/g*kH*kW] = sum over images
// of gradOutput_g [O/g, oH*oW] @ cols^T, accumulated by the GEMM itself.
// With one image per thread or more, each thread sums its images into a
// private buffer and the buffers are added in order (deterministic).
#include <vector>

#include "../common/registry.h"
#include "../common/staging.h"
#include "../gemm/gemm.h"
#include "conv_common.h"
#include "conv_direct.h"

namespace taimatsu {

void fill_view(const View& out, double value);  // kernels/fill.cc

namespace {

template <class T> void conv_backward_weight(const View& gw, const View& go, const View& x, ConvGeometry geo) {
  const int64_t N = x.shape[0], H = x.shape[2], W = x.shape[3];
  const int64_t O = gw.shape[0], Cg = gw.shape[1], K = Cg * geo.w.kh * geo.w.kw;
  const int64_t OH = go.shape[2], OW = go.shape[3], P = OH * OW, G = geo.groups, Og = O / G;
  const int64_t* xs = x.strides;
  const bool no_cols = geo.pointwise() && OH == H && OW == W && (H == 1 || xs[2] == W * xs[3]);
  const T* X = x.ptr<const T>();
  const T* GO = go.ptr<const T>();

  // sums images [lo, hi) into dst [O, K]
  auto images = [&](int64_t lo, int64_t hi, T* dst, bool parallel) {
    Scratch<T> cols(no_cols ? 1 : K * P);
    for (int64_t n = lo; n < hi; n++)
      for (int64_t g = 0; g < G; g++) {
        const T* xg = X + n * xs[0] + g * Cg * xs[1];
        Mat<const T> colsT{cols.get(), 1, P};  // [P, K] view of the dense [K, P] columns
        if (no_cols) colsT = {xg, xs[3], xs[1]};
        else im2col(xg, xs[1], xs[2], xs[3], Cg, H, W, geo.w, OH, OW, cols.get());
        gemm<T>(Og, K, P, {GO + (n * O + g * Og) * P, P, 1}, colsT, {dst + g * Og * K, K, 1}, parallel, n > lo);
      }
  };
  T* GW = gw.ptr<T>();
  if (images_in_parallel(N, 2.0 * N * O * K * P)) {
    const int nt = num_threads();
    const int64_t per = (N + nt - 1) / nt;
    std::vector<std::unique_ptr<T, AlignedDeleter>> partial(static_cast<size_t>(nt));
    parallel_for(0, nt, 1, [&](int64_t t0, int64_t t1) {
      for (int64_t t = t0; t < t1; t++) {
        const int64_t lo = t * per, hi = std::min(N, lo + per);
        if (lo >= hi) continue;
        partial[t].reset(static_cast<T*>(aligned_malloc(checked_size(O * K, sizeof(T)) * sizeof(T))));
        images(lo, hi, partial[t].get(), false);
      }
    });
    std::fill(GW, GW + O * K, T(0));
    for (auto& p : partial)
      if (p)
        for (int64_t i = 0; i < O * K; i++) GW[i] += p.get()[i];
  } else {
    images(0, N, GW, true);
  }
}

// args: geometry, gradWeight (the output), gradOutput, input
void conv2d_backward_weight_kernel(Args& args) {
  ConvGeometry geo = ConvGeometry::read(args);
  View out = args.view();
  View grad = args.view();
  View in = args.view();
  if (out.ndim != 4 || grad.ndim != 4 || in.ndim != 4) fail("cpu-native conv2dBackwardWeight: expects 4-D tensors");
  geo.w.kh = out.shape[2], geo.w.kw = out.shape[3];
  if (in.shape[1] != out.shape[1] * geo.groups || grad.shape[1] != out.shape[0]) fail("cpu-native conv2dBackwardWeight: channels do not match");
  if (out.numel() == 0) return;
  Staging st;
  DType cd = float_compute_dtype(out.dtype);
  View go = st.dense(grad, cd);
  View x = st.input(in, cd);
  View o = st.dense_output(out, cd);
  if (in.shape[0] == 0 || go.numel() == 0) fill_view(o, 0);
  else if (!conv_direct_backward_weight(o, go, x, geo))
    dispatch_float(cd, [&](auto tag) { conv_backward_weight<decltype(tag)>(o, go, x, geo); });
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(conv2dBackwardWeight, conv2d_backward_weight_kernel);

}  // namespace taimatsu
