// gather: out[i][j][k] = src[index[i][j][k]][j][k] (for dim 0). A selection,
// so values move as raw element bits of any dtype.
#include <atomic>

#include "../common/loops.h"
#include "../common/registry.h"
#include "../common/staging.h"

namespace taimatsu {

namespace {

template <class T, class I> void gather_typed(const View& out, const View& src, int dim, const View& index) {
  // src positions of index's elements with `dim` zeroed; the index supplies that coordinate
  View base = src;
  for (int d = 0; d < src.ndim; d++) base.shape[d] = index.shape[d];
  base.strides[dim] = 0;
  const int64_t step = src.strides[dim] * static_cast<int64_t>(sizeof(T));
  const int64_t limit = src.shape[dim];
  BadIndex bad;
  const View* vs[3] = {&out, &index, &base};
  auto plan = make_plan<3>(vs);
  for_each(plan, kGrainCheap, [&](char** p, const int64_t* s, int64_t n) {
    for (int64_t i = 0; i < n; i++) {
      int64_t k = *reinterpret_cast<const I*>(p[1] + i * s[1]);
      if (k < 0 || k >= limit) {
        bad.note(k);
        continue;
      }
      *reinterpret_cast<T*>(p[0] + i * s[0]) = *reinterpret_cast<const T*>(p[2] + i * s[2] + k * step);
    }
  });
  if (bad) fail_index("gather", "index", bad.value, dim, limit);
}

template <class T> void gather_sized(const View& out, const View& src, int dim, const View& index) {
  if (index.dtype == DType::I32) gather_typed<T, int32_t>(out, src, dim, index);
  else gather_typed<T, int64_t>(out, src, dim, index);
}

void gather_kernel(Args& args) {
  int dim = args.i32();
  View out = args.view();
  View src = args.view();
  View index = args.view();
  check_same_shape("gather", out, index);
  if (src.ndim != index.ndim || dim < 0 || dim >= src.ndim) fail("cpu-native gather: index must have src's rank");
  for (int d = 0; d < src.ndim; d++)
    if (d != dim && index.shape[d] > src.shape[d]) fail("cpu-native gather: index larger than src");
  if (out.numel() == 0) return;
  Staging st;
  View idx = index.dtype == DType::I32 || index.dtype == DType::I64 ? index : st.input(index, DType::I64);
  View o = st.output(out, src.dtype);
  dispatch_bits(src.itemsize(), [&](auto bits) { gather_sized<decltype(bits)>(o, src, dim, idx); });
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(gather, gather_kernel);

}  // namespace taimatsu
