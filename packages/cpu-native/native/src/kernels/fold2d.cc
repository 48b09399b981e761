// fold2d (col2im), the adjoint of unfold2d: zeroes out [N, C, H, W] and adds
// every column entry of cols [N, C, kH, kW, oH, oW] back to the input position
// it was read from. Planes (n, c) are independent, so they run in parallel
// and the additions within a plane keep the reference's order.
#include "../common/loops.h"
#include "../common/registry.h"
#include "../common/staging.h"
#include "im2col.h"

namespace taimatsu {

void fill_view(const View& out, double value);  // fill.cc

namespace {

template <class S> void fold_typed(const View& out, const View& cols, const Window2d& w) {
  using T = storage_t<S>;
  const int64_t C = out.shape[1], H = out.shape[2], W = out.shape[3];
  const int64_t OH = cols.shape[4], OW = cols.shape[5];
  const int64_t* os = out.strides;
  const int64_t* cs = cols.strides;
  const ColStrides block{cs[2], cs[3], cs[4], cs[5]};
  const T* src = cols.ptr<T>();
  T* dst = out.ptr<T>();
  parallel_for(0, out.shape[0] * C, std::max<int64_t>(1, (1 << 16) / std::max<int64_t>(1, w.kh * w.kw * OH * OW)), [&](int64_t lo, int64_t hi) {
    for (int64_t nc = lo; nc < hi; nc++) {
      const int64_t n = nc / C, c = nc % C;
      fold_plane<S>(src + n * cs[0] + c * cs[1], block, H, W, w, OH, OW, dst + n * os[0] + c * os[1], os[2], os[3]);
    }
  });
}

void fold2d_kernel(Args& args) {
  Window2d w = Window2d::read(args);
  View out = args.view();
  View cols = args.view();
  if (out.ndim != 4 || cols.ndim != 6) fail("cpu-native fold2d: expects out [N, C, H, W] and cols [N, C, kH, kW, oH, oW]");
  if (out.shape[0] != cols.shape[0] || out.shape[1] != cols.shape[1] || cols.shape[2] != w.kh || cols.shape[3] != w.kw)
    fail("cpu-native fold2d: cols shape does not match the window");
  Staging st;
  DType cd = compute_dtype(out.dtype);
  View o = st.output(out, cd);
  View c = st.input(cols, cd);
  fill_view(o, 0);
  if (c.numel() > 0) dispatch_compute(cd, [&](auto tag) { fold_typed<decltype(tag)>(o, c, w); });
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(fold2d, fold2d_kernel);

}  // namespace taimatsu
