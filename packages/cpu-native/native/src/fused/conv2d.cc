// conv2d. Unit-stride float convolutions take the direct path (conv_direct.h).
// Everything else: per image and group, im2col then one GEMM W_g [O/g,
// C/g*kH*kW] @ cols [C/g*kH*kW, oH*oW] written straight into the output, bias
// added per row. Batches of at least one image per thread run images in
// parallel with single-threaded GEMMs; smaller batches give the threads to the GEMM.
#include "../common/registry.h"
#include "../common/staging.h"
#include "../gemm/gemm.h"
#include "conv_common.h"
#include "conv_direct.h"

namespace taimatsu {

namespace {

template <class T> void conv_forward(const View& o, const View& x, const View& w, const View* b, ConvGeometry geo) {
  const int64_t N = x.shape[0], H = x.shape[2], W = x.shape[3];
  const int64_t O = w.shape[0], Cg = w.shape[1];
  const int64_t OH = o.shape[2], OW = o.shape[3], P = OH * OW, G = geo.groups, Og = O / G;
  const int64_t K = Cg * geo.w.kh * geo.w.kw;
  const int64_t* xs = x.strides;
  // a pointwise conv reads [C/g, H*W] directly when H and W merge
  const bool no_cols = geo.pointwise() && (H == 1 || xs[2] == W * xs[3]);
  const T* X = x.ptr<const T>();
  const T* Wt = w.ptr<const T>();
  T* Out = o.ptr<T>();
  const T* bias = b ? b->ptr<const T>() : nullptr;
  const int64_t bstride = b ? b->strides[0] : 0;

  auto image = [&](int64_t n, bool parallel, T* cols) {
    for (int64_t g = 0; g < G; g++) {
      const T* xg = X + n * xs[0] + g * Cg * xs[1];
      Mat<const T> B{cols, P, 1};
      if (no_cols) B = {xg, xs[1], xs[3]};
      else im2col(xg, xs[1], xs[2], xs[3], Cg, H, W, geo.w, OH, OW, cols);
      T* og = Out + (n * O + g * Og) * P;
      gemm<T>(Og, P, K, {Wt + g * Og * K, K, 1}, B, {og, P, 1}, parallel);
      if (bias)
        for (int64_t r = 0; r < Og; r++) {
          const T v = bias[(g * Og + r) * bstride];
          T* row = og + r * P;
          for (int64_t i = 0; i < P; i++) row[i] += v;
        }
    }
  };
  for_each_image<T>(N, 2.0 * N * O * K * P, no_cols ? 1 : K * P, image);
}

void conv2d_kernel(Args& args) {
  ConvGeometry geo = ConvGeometry::read(args);
  const bool has_bias = args.i32() != 0;
  View out = args.view();
  View in = args.view();
  View weight = args.view();
  View bias;
  if (has_bias) bias = args.view();
  if (in.ndim != 4 || weight.ndim != 4 || out.ndim != 4) fail("cpu-native conv2d: expects 4-D input, weight and output");
  geo.w.kh = weight.shape[2], geo.w.kw = weight.shape[3];
  if (weight.shape[0] % geo.groups || in.shape[1] != weight.shape[1] * geo.groups) fail("cpu-native conv2d: channels do not match groups");
  if (out.numel() == 0) return;
  Staging st;
  DType cd = float_compute_dtype(out.dtype);
  View x = st.input(in, cd);
  View w = st.dense(weight, cd);
  View b = has_bias ? st.input(bias, cd) : View{};
  View o = st.dense_output(out, cd);
  if (!conv_direct_forward(o, x, w, has_bias ? &b : nullptr, geo))
    dispatch_float(cd, [&](auto tag) { conv_forward<decltype(tag)>(o, x, w, has_bias ? &b : nullptr, geo); });
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(conv2d, conv2d_kernel);

}  // namespace taimatsu
