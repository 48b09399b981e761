// unfold2d (im2col): input [N, C, H, W] -> out [N, C, kH, kW, oH, oW]; padded
// positions read padValue. Planes (n, c) run in parallel; each output row is
// a padded copy of (a strided run of) one input row.
#include "../common/loops.h"
#include "../common/registry.h"
#include "../common/staging.h"
#include "im2col.h"

namespace taimatsu {

void fill_view(const View& out, double value);  // fill.cc

namespace {

template <class T> void unfold_typed(const View& out, const View& in, const Window2d& w, T pad) {
  const int64_t C = in.shape[1], H = in.shape[2], W = in.shape[3];
  const int64_t OH = out.shape[4], OW = out.shape[5];
  const int64_t* is = in.strides;
  const int64_t* os = out.strides;
  const ColStrides cs{os[2], os[3], os[4], os[5]};
  const T* src = in.ptr<T>();
  T* dst = out.ptr<T>();
  parallel_for(0, in.shape[0] * C, std::max<int64_t>(1, (1 << 16) / std::max<int64_t>(1, w.kh * w.kw * OH * OW)), [&](int64_t lo, int64_t hi) {
    for (int64_t nc = lo; nc < hi; nc++) {
      const int64_t n = nc / C, c = nc % C;
      unfold_plane(src + n * is[0] + c * is[1], is[2], is[3], H, W, w, OH, OW, dst + n * os[0] + c * os[1], cs, pad);
    }
  });
}

void unfold2d_kernel(Args& args) {
  Window2d w = Window2d::read(args);
  double pad_value = args.f64();
  View out = args.view();
  View in = args.view();
  if (in.ndim != 4 || out.ndim != 6) fail("cpu-native unfold2d: expects input [N, C, H, W] and out [N, C, kH, kW, oH, oW]");
  if (out.shape[0] != in.shape[0] || out.shape[1] != in.shape[1] || out.shape[2] != w.kh || out.shape[3] != w.kw)
    fail("cpu-native unfold2d: out shape does not match the window");
  if (out.numel() == 0) return;
  Staging st;
  View a = st.input(in, out.dtype);
  // the pad value in out's dtype, as raw bits
  uint64_t pad = 0;
  View one = out;
  one.ndim = 0;
  one.data = reinterpret_cast<char*>(&pad);
  fill_view(one, pad_value);
  dispatch_bits(out.itemsize(), [&](auto bits) { unfold_typed<decltype(bits)>(out, a, w, static_cast<decltype(bits)>(pad)); });
}

}  // namespace

TM_REGISTER_KERNEL(unfold2d, unfold2d_kernel);

}  // namespace taimatsu
