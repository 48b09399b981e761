// adaptiveAvgPool2d: the mean of each adaptive cell, planes in parallel.
#include "../common/parallel.h"
#include "../common/registry.h"
#include "../common/staging.h"
#include "adaptive_pool2d.h"

namespace taimatsu {

namespace {

template <class T> void adaptive_avg(const View& out, const View& x) {
  const int64_t C = x.shape[1], H = x.shape[2], W = x.shape[3], OH = out.shape[2], OW = out.shape[3];
  const int64_t* xs = x.strides;
  const T* X = x.ptr<const T>();
  T* O = out.ptr<T>();
  parallel_for(0, x.shape[0] * C, std::max<int64_t>(1, (1 << 17) / std::max<int64_t>(1, H * W)), [&](int64_t lo, int64_t hi) {
    for (int64_t nc = lo; nc < hi; nc++) {
      const T* plane = X + (nc / C) * xs[0] + (nc % C) * xs[1];
      for (int64_t i = 0; i < OH; i++)
        for (int64_t j = 0; j < OW; j++) {
          const int64_t h0 = cell_start(i, H, OH), h1 = cell_end(i, H, OH), w0 = cell_start(j, W, OW), w1 = cell_end(j, W, OW);
          double sum = 0;
          for (int64_t h = h0; h < h1; h++)
            for (int64_t c = w0; c < w1; c++) sum += plane[h * xs[2] + c * xs[3]];
          O[nc * OH * OW + i * OW + j] = static_cast<T>(sum / double((h1 - h0) * (w1 - w0)));
        }
    }
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
