// conv2dBackwardInput (and convTranspose2d, the same computation plus a
// bias). Unit-stride float convolutions take the direct path (conv_direct.h);
// otherwise per image and group, cols = W_g^T @ gradOutput_g, then col2im into
// the input gradient. W_g^T is a transposed view of the weight; no copy.
#include "../common/registry.h"
#include "../common/staging.h"
#include "../gemm/gemm.h"
#include "conv_common.h"
#include "conv_direct.h"

namespace taimatsu {

void fill_view(const View& out, double value);  // kernels/fill.cc

namespace {

template <class T> void conv_backward_input(const View& gi, const View& go, const View& w, const View* b, ConvGeometry geo) {
  const int64_t N = gi.shape[0], C = gi.shape[1], H = gi.shape[2], W = gi.shape[3];
  const int64_t O = go.shape[1], OH = go.shape[2], OW = go.shape[3], P = OH * OW;
  const int64_t G = geo.groups, Og = O / G, Cg = C / G, K = Cg * geo.w.kh * geo.w.kw;
  const bool no_cols = geo.pointwise() && OH == H && OW == W;
  const T* Wt = w.ptr<const T>();
  const T* GO = go.ptr<const T>();
  T* GI = gi.ptr<T>();

  auto image = [&](int64_t n, bool parallel, T* cols) {
    T* gin = GI + n * C * H * W;
    if (!no_cols) std::fill(gin, gin + C * H * W, T(0));
    for (int64_t g = 0; g < G; g++) {
      Mat<const T> wt{Wt + g * Og * K, 1, K};  // [K, Og] view of W_g
      Mat<const T> gog{GO + (n * O + g * Og) * P, P, 1};
      if (no_cols) {
        gemm<T>(K, P, Og, wt, gog, {gin + g * Cg * H * W, P, 1}, parallel);
        continue;
      }
      gemm<T>(K, P, Og, wt, gog, {cols, P, 1}, parallel);
      col2im(cols, Cg, H, W, geo.w, OH, OW, gin + g * Cg * H * W);
    }
    if (b)
      for (int64_t c = 0; c < C; c++) {
        const T v = b->ptr<const T>()[c * b->strides[0]];
        for (int64_t i = 0; i < H * W; i++) gin[c * H * W + i] += v;
      }
  };
  for_each_image<T>(N, 2.0 * N * O * K * P, no_cols ? 1 : K * P, image);
}

// args: geometry, has_bias, gradInput (the output), gradOutput, weight[, bias]
void conv2d_backward_input_kernel(Args& args) {
  ConvGeometry geo = ConvGeometry::read(args);
  const bool has_bias = args.i32() != 0;
  View out = args.view();
  View grad = args.view();
  View weight = args.view();
  View bias;
  if (has_bias) bias = args.view();
  if (out.ndim != 4 || grad.ndim != 4 || weight.ndim != 4) fail("cpu-native conv2dBackwardInput: expects 4-D tensors");
  geo.w.kh = weight.shape[2], geo.w.kw = weight.shape[3];
  if (grad.shape[1] != weight.shape[0] || out.shape[1] != weight.shape[1] * geo.groups || weight.shape[0] % geo.groups)
    fail("cpu-native conv2dBackwardInput: channels do not match");
  if (out.numel() == 0) return;
  Staging st;
  DType cd = float_compute_dtype(out.dtype);
  View go = st.dense(grad, cd);
  View w = st.dense(weight, cd);
  View b = has_bias ? st.input(bias, cd) : View{};
  View o = st.dense_output(out, cd);
  if (go.numel() == 0) fill_view(o, 0);
  else if (!conv_direct_backward_input(o, go, w, has_bias ? &b : nullptr, geo))
    dispatch_float(cd, [&](auto tag) { conv_backward_input<decltype(tag)>(o, go, w, has_bias ? &b : nullptr, geo); });
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(conv2dBackwardInput, conv2d_backward_input_kernel);

}  // namespace taimatsu
