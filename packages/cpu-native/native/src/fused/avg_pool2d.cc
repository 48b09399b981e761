// avgPool2d computed directly: each output is the sum of its window's
// in-range inputs over a divisor (override, padded window size, or in-range
// count). Integer images divide with truncation and keep their dtype.
#include <cmath>

#include "../common/parallel.h"
#include "../common/registry.h"
#include "../common/staging.h"
#include "../kernels/window.h"

namespace taimatsu {

namespace {

struct AvgAttrs {
  bool count_include_pad, has_divisor;
  double divisor;
};

template <class T> void avg_pool(const View& out, const View& x, const Window2d& w, const AvgAttrs& a, bool integer) {
  const int64_t C = x.shape[1], H = x.shape[2], W = x.shape[3], OH = out.shape[2], OW = out.shape[3];
  const int64_t* xs = x.strides;
  const T* X = x.ptr<const T>();
  T* O = out.ptr<T>();
  parallel_for(0, x.shape[0] * C, std::max<int64_t>(1, (1 << 17) / std::max<int64_t>(1, OH * OW * w.kh * w.kw)), [&](int64_t lo, int64_t hi) {
    for (int64_t nc = lo; nc < hi; nc++) {
      const T* plane = X + (nc / C) * xs[0] + (nc % C) * xs[1];
      T* o = O + nc * OH * OW;
      for (int64_t i = 0; i < OH; i++)
        for (int64_t j = 0; j < OW; j++) {
          const int64_t h0 = i * w.sh - w.ph, w0 = j * w.sw - w.pw;
          const int64_t h1 = std::min(h0 + w.kh, H + w.ph), w1 = std::min(w0 + w.kw, W + w.pw);
          const int64_t hs = std::max<int64_t>(h0, 0), ws = std::max<int64_t>(w0, 0), he = std::min(h1, H), we = std::min(w1, W);
          double sum = 0;
          for (int64_t h = hs; h < he; h++)
            for (int64_t c = ws; c < we; c++) sum += plane[h * xs[2] + c * xs[3]];
          const double div = a.has_divisor ? a.divisor : a.count_include_pad ? double((h1 - h0) * (w1 - w0)) : double((he - hs) * (we - ws));
          const double v = sum / div;
          o[i * OW + j] = static_cast<T>(integer ? std::trunc(v) : v);
        }
    }
  });
}

// args: kernel, stride, padding (pairs), countIncludePad, has_divisor, divisor; out, input
void avg_pool2d_kernel(Args& args) {
  Window2d w;
  w.kh = args.i64(), w.kw = args.i64(), w.sh = args.i64(), w.sw = args.i64(), w.ph = args.i64(), w.pw = args.i64();
  w.dh = w.dw = 1;
  AvgAttrs a;
  a.count_include_pad = args.i32() != 0, a.has_divisor = args.i32() != 0, a.divisor = args.f64();
  View out = args.view();
  View in = args.view();
  if (in.ndim != 4 || out.ndim != 4) fail("cpu-native avgPool2d: expects 4-D tensors");
  if (out.numel() == 0) return;
  Staging st;
  DType cd = float_compute_dtype(out.dtype);
  View x = st.input(in, cd);
  View o = st.dense_output(out, cd);
  dispatch_float(cd, [&](auto tag) { avg_pool<decltype(tag)>(o, x, w, a, !is_float(out.dtype)); });
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(avgPool2d, avg_pool2d_kernel);

}  // namespace taimatsu
