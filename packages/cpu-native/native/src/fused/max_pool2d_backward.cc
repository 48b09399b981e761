// maxPool2dBackward: zeroes the input gradient and adds each gradOutput
// element at the flat plane position its index names. Planes are independent,
// so they run in parallel; within a plane, repeats accumulate in order.
#include "../common/registry.h"
#include "../common/staging.h"
#include "../common/parallel.h"

#include <atomic>

namespace taimatsu {

namespace {

template <class T> void max_pool_backward(const View& gi, const View& go, const View& idx) {
  const int64_t C = gi.shape[1], HW = gi.shape[2] * gi.shape[3], OH = go.shape[2], OW = go.shape[3];
  T* GI = gi.ptr<T>();
  const T* GO = go.ptr<const T>();
  const int64_t* I = idx.ptr<const int64_t>();
  std::atomic<bool> bad{false};
  parallel_for(0, gi.shape[0] * C, std::max<int64_t>(1, (1 << 17) / std::max<int64_t>(1, HW + OH * OW)), [&](int64_t lo, int64_t hi) {
    for (int64_t nc = lo; nc < hi; nc++) {
      T* plane = GI + nc * HW;
      std::fill(plane, plane + HW, T(0));
      const T* g = GO + nc * OH * OW;
      const int64_t* ix = I + nc * OH * OW;
      for (int64_t k = 0; k < OH * OW; k++) {
        if (ix[k] < 0 || ix[k] >= HW) {
          bad = true;
          continue;
        }
        plane[ix[k]] += g[k];
      }
    }
  });
  if (bad) fail("cpu-native maxPool2dBackward: index out of range");
}

// args: gradInput (the output), gradOutput, indices
void max_pool2d_backward_kernel(Args& args) {
  View out = args.view();
  View grad = args.view();
  View indices = args.view();
  if (out.ndim != 4 || grad.ndim != 4 || indices.ndim != 4) fail("cpu-native maxPool2dBackward: expects 4-D tensors");
  if (out.numel() == 0) return;
  Staging st;
  DType cd = float_compute_dtype(out.dtype);
  View go = st.dense(grad, cd);
  View ix = st.dense(indices, DType::I64);
  View o = st.dense_output(out, cd);
  dispatch_float(cd, [&](auto tag) { max_pool_backward<decltype(tag)>(o, go, ix); });
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(maxPool2dBackward, max_pool2d_backward_kernel);

}  // namespace taimatsu
