// adaptiveAvgPool2d: the mean of each adaptive cell, planes in parallel.
#include "../common/registry.h"
#include "../common/staging.h"
#include "adaptive_pool2d.h"

namespace taimatsu {

namespace {

template <class T> void adaptive_avg(const View& out, const View& x) {
  const int64_t* xs = x.strides;
  T* O = out.ptr<T>();
  for_each_adaptive_cell<T>(x, out.shape[2], out.shape[3], [&](const T* plane, int64_t at, int64_t h0, int64_t h1, int64_t w0, int64_t w1) {
    double sum = 0;
    for (int64_t h = h0; h < h1; h++)
      for (int64_t c = w0; c < w1; c++) sum += plane[h * xs[2] + c * xs[3]];
    O[at] = static_cast<T>(sum / double((h1 - h0) * (w1 - w0)));
  });
}

// args: out, input
void adaptive_avg_pool2d_kernel(Args& args) {
  View out = args.view();
  View in = args.view();
  if (in.ndim != 4 || out.ndim != 4) fail("cpu-native adaptiveAvgPool2d: expects 4-D tensors");
  if (out.numel() == 0) return;
  Staging st;
  DType cd = float_compute_dtype(out.dtype);
  View x = st.input(in, cd);
  View o = st.dense_output(out, cd);
  dispatch_float(cd, [&](auto tag) { adaptive_avg<decltype(tag)>(o, x); });
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(adaptiveAvgPool2d, adaptive_avg_pool2d_kernel);

}  // namespace taimatsu
