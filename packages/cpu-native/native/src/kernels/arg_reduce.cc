// argReduce: index (int64) of the first max/min along one axis. A NaN counts
// as the extreme and the first one wins, as in PyTorch and the reference.
#include "../common/loops.h"
#include "../common/registry.h"
#include "../common/staging.h"

namespace taimatsu {

namespace {

template <bool MAX, class T> inline int64_t arg_scan(const char* p, int64_t stride, int64_t n) {
  T best = *reinterpret_cast<const T*>(p);
  int64_t at = 0;
  if constexpr (is_fp_v<T>) {
    if (best != best) return 0;
  }
  for (int64_t k = 1; k < n; k++) {
    T v = *reinterpret_cast<const T*>(p + k * stride);
    if constexpr (is_fp_v<T>) {
      if (v != v) return k;
    }
    if (MAX ? v > best : v < best) best = v, at = k;
  }
  return at;
}

template <bool MAX, class S> void arg_typed(const View& out, const View& a, int axis) {
  using T = storage_t<S>;
  int64_t n = a.shape[axis];
  int64_t stride = a.strides[axis] * static_cast<int64_t>(sizeof(T));
  // walk the output positions; each starts a scan along `axis` in the input
  View o = out, base = a;
  o.shape[axis] = base.shape[axis] = 1;
  const View* vs[2] = {&o, &base};
  auto plan = make_plan<2>(vs);
  for_each(plan, std::max<int64_t>(1, kGrainCheap / std::max<int64_t>(n, 1)), [&](char** p, const int64_t* s, int64_t count) {
    for (int64_t i = 0; i < count; i++)
      *reinterpret_cast<int64_t*>(p[0] + i * s[0]) = arg_scan<MAX, T>(p[1] + i * s[1], stride, n);
  });
}

void arg_reduce_kernel(Args& args) {
  bool is_max = args.i32() == 0;  // 0: argmax, 1: argmin
  int axis = args.i32();
  View out = args.view();
  View in = args.view();
  if (axis < 0 || axis >= in.ndim || out.ndim != in.ndim) fail("cpu-native argReduce: bad axis");
  for (int d = 0; d < in.ndim; d++)
    if (out.shape[d] != (d == axis ? 1 : in.shape[d])) fail("cpu-native argReduce: out shape does not match");
  if (out.numel() == 0) return;
  if (in.shape[axis] == 0) fail("cpu-native argReduce: empty reduction dim");
  Staging st;
  View a = st.input(in, compute_dtype(in.dtype));
  View o = st.output(out, DType::I64);
  dispatch_compute(a.dtype, [&](auto tag) {
    if (is_max) arg_typed<true, decltype(tag)>(o, a, axis);
    else arg_typed<false, decltype(tag)>(o, a, axis);
  });
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(argReduce, arg_reduce_kernel);

}  // namespace taimatsu
