// adaptiveMaxPool2d with indices: the first maximum of each adaptive cell in
// row-major order (a NaN wins), as flat plane positions h * W + w.
#include "../common/registry.h"
#include "../common/staging.h"
#include "adaptive_pool2d.h"

namespace taimatsu {

namespace {

template <class T> void adaptive_max(const View& out, const View& idx, const View& x) {
  const int64_t W = x.shape[3];
  const int64_t* xs = x.strides;
  T* O = out.ptr<T>();
  int64_t* I = idx.ptr<int64_t>();
  for_each_adaptive_cell<T>(x, out.shape[2], out.shape[3], [&](const T* plane, int64_t at, int64_t h0, int64_t h1, int64_t w0, int64_t w1) {
    T best = plane[h0 * xs[2] + w0 * xs[3]];
    int64_t arg = h0 * W + w0;
    for (int64_t h = h0; h < h1 && best == best; h++)
      for (int64_t c = w0; c < w1; c++) {
        const T v = plane[h * xs[2] + c * xs[3]];
        if (v != v || v > best) {
          best = v, arg = h * W + c;
          if (v != v) break;
        }
      }
    O[at] = best;
    I[at] = arg;
  });
}

// args: out, indices, input
void adaptive_max_pool2d_kernel(Args& args) {
  View out = args.view();
  View indices = args.view();
  View in = args.view();
  if (in.ndim != 4 || out.ndim != 4) fail("cpu-native adaptiveMaxPool2d: expects 4-D tensors");
  if (out.numel() == 0) return;
  Staging st;
  DType cd = float_compute_dtype(out.dtype);
  View x = st.input(in, cd);
  View o = st.dense_output(out, cd);
  View ix = st.dense_output(indices, DType::I64);
  dispatch_float(cd, [&](auto tag) { adaptive_max<decltype(tag)>(o, ix, x); });
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(adaptiveMaxPool2d, adaptive_max_pool2d_kernel);

}  // namespace taimatsu
