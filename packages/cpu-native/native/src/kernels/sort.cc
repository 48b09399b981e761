// sort: stable sort of every line along one axis into values (the input's
// dtype) and int64 source positions. NaN sorts above every number, so it is
// last ascending and first descending; equal elements keep their order.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "../common/loops.h"
#include "../common/registry.h"
#include "../common/staging.h"

namespace taimatsu {

namespace {

template <class T> inline bool is_nan_value(T v) {
  if constexpr (is_fp_v<T>) return std::isnan(v);
  else return false;
}

// strict "x comes before y" in ascending order, NaN largest
template <class T> inline bool before(T x, T y) {
  if constexpr (is_fp_v<T>) {
    if (std::isnan(x)) return false;
    if (std::isnan(y)) return true;
  }
  return x < y;
}

template <class S> void sort_typed(const View& values, const View& indices, const View& a, int axis, bool descending) {
  using T = storage_t<S>;
  const int64_t n = a.shape[axis];
  const int64_t as = a.strides[axis] * static_cast<int64_t>(sizeof(T));
  const int64_t vs = values.strides[axis] * static_cast<int64_t>(sizeof(T));
  const int64_t is = indices.strides[axis] * 8;
  View v = values, ix = indices, base = a;
  v.shape[axis] = ix.shape[axis] = base.shape[axis] = 1;
  const View* views[3] = {&v, &ix, &base};
  auto plan = make_plan<3>(views);
  // a chunk is about n log n work per line
  for_each(plan, std::max<int64_t>(1, kGrainCostly / n), [&](char** p, const int64_t* s, int64_t count) {
    std::vector<T> keys(n);
    std::vector<int64_t> order(n);
    for (int64_t i = 0; i < count; i++) {
      const char* src = p[2] + i * s[2];
      for (int64_t k = 0; k < n; k++) keys[k] = *reinterpret_cast<const T*>(src + k * as);
      std::iota(order.begin(), order.end(), 0);
      if (descending)
        std::stable_sort(order.begin(), order.end(), [&](int64_t x, int64_t y) { return before(keys[y], keys[x]); });
      else
        std::stable_sort(order.begin(), order.end(), [&](int64_t x, int64_t y) { return before(keys[x], keys[y]); });
      char* vo = p[0] + i * s[0];
      char* io = p[1] + i * s[1];
      for (int64_t k = 0; k < n; k++) {
        *reinterpret_cast<T*>(vo + k * vs) = keys[order[k]];
        *reinterpret_cast<int64_t*>(io + k * is) = order[k];
      }
    }
  });
}

void sort_kernel(Args& args) {
  int axis = args.i32();
  bool descending = args.i32() != 0;
  View values = args.view();
  View indices = args.view();
  View in = args.view();
  if (axis < 0 || axis >= in.ndim) fail("cpu-native sort: bad axis");
  check_same_shape("sort", values, in);
  check_same_shape("sort", indices, in);
  if (indices.dtype != DType::I64) fail("cpu-native sort: indices must be int64");
  if (in.numel() == 0) return;
  Staging st;
  DType c = compute_dtype(in.dtype);
  View a = st.input(in, c);
  View v = st.output(values, c);
  dispatch_compute(c, [&](auto tag) { sort_typed<decltype(tag)>(v, indices, a, axis, descending); });
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(sort, sort_kernel);

}  // namespace taimatsu
