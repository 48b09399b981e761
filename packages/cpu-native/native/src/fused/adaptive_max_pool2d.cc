// adaptiveMaxPool2d with indices: the first maximum of each adaptive cell in
// row-major order (a NaN wins), as flat plane positions h * W + w.
#include "../common/parallel.h"
#include "../common/registry.h"
#include "../common/staging.h"
#include "adaptive_pool2d.h"

namespace taimatsu {

namespace {

template <class T> void adaptive_max(const View& out, const View& idx, const View& x) {
  const int64_t C = x.shape[1], H = x.shape[2], W = x.shape[3], OH = out.shape[2], OW = out.shape[3];
  const int64_t* xs = x.strides;
  const T* X = x.ptr<const T>();
  parallel_for(0, x.shape[0] * C, std::max<int64_t>(1, (1 << 17) / std::max<int64_t>(1, H * W)), [&](int64_t lo, int64_t hi) {
    for (int64_t nc = lo; nc < hi; nc++) {
      const T* plane = X + (nc / C) * xs[0] + (nc % C) * xs[1];
      for (int64_t i = 0; i < OH; i++)
        for (int64_t j = 0; j < OW; j++) {
          const int64_t h0 = cell_start(i, H, OH), h1 = cell_end(i, H, OH), w0 = cell_start(j, W, OW), w1 = cell_end(j, W, OW);
          T best = plane[h0 * xs[2] + w0 * xs[3]];
          int64_t at = h0 * W + w0;
          for (int64_t h = h0; h < h1 && best == best; h++)
            for (int64_t c = w0; c < w1; c++) {
              const T v = plane[h * xs[2] + c * xs[3]];
              if (v != v || v > best) {
                best = v, at = h * W + c;
                if (v != v) break;
              }
            }
          out.ptr<T>()[nc * OH * OW + i * OW + j] = best;
          idx.ptr<int64_t>()[nc * OH * OW + i * OW + j] = at;
        }
    }
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
