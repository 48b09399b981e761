// scatter: out[index[i][j][k]][j][k] (=|+=) src[i][j][k] (for dim 0), in place.
// Runs in index order on one thread, so with repeated indices the last
// assignment wins and sums are reproducible.
#include "../common/arith.h"
#include "../common/loops.h"
#include "../common/registry.h"
#include "../common/staging.h"

namespace taimatsu {

namespace {

// Validates every index before the first write, so a bad index leaves `out` untouched.
template <class I> void check_indices(const Plan<3>& plan, int64_t limit, int dim) {
  int64_t bad = 0;
  bool seen = false;
  auto scan = [&](char** p, const int64_t* s, int64_t n) {
    for (int64_t i = 0; i < n && !seen; i++) {
      const int64_t k = *reinterpret_cast<const I*>(p[0] + i * s[0]);
      if (k < 0 || k >= limit) bad = k, seen = true;
    }
  };
  run_range(plan, 0, plan.numel, scan);
  if (seen) fail_index("scatter", "index", bad, dim, limit);
}

template <bool ADD, class S, class I> void scatter_typed(const View& out, int dim, const View& index, const View& src) {
  using T = storage_t<S>;
  View base = out;  // out positions of index's elements with `dim` zeroed
  View from = src;
  for (int d = 0; d < out.ndim; d++) base.shape[d] = from.shape[d] = index.shape[d];
  base.strides[dim] = 0;
  const int64_t step = out.strides[dim] * static_cast<int64_t>(sizeof(T));
  const int64_t limit = out.shape[dim];
  const View* vs[3] = {&index, &from, &base};
  // row-major over index, like the reference: it decides which duplicate wins
  Plan<3> plan = make_plan<3>(vs, false);
  auto inner = [&](char** p, const int64_t* s, int64_t n) {
    for (int64_t i = 0; i < n; i++) {
      int64_t k = *reinterpret_cast<const I*>(p[0] + i * s[0]);
      T* o = reinterpret_cast<T*>(p[2] + i * s[2] + k * step);
      T v = *reinterpret_cast<const T*>(p[1] + i * s[1]);
      if constexpr (!ADD) *o = v;
      else if constexpr (is_bool_v<S>) *o = (*o | v) ? 1 : 0;
      else *o = arith::add(*o, v);
    }
  };
  check_indices<I>(plan, limit, dim);
  run_range(plan, 0, plan.numel, inner);
}

void scatter_kernel(Args& args) {
  int dim = args.i32();
  bool add = args.i32() == 1;
  View out = args.view();
  View index = args.view();
  View src = args.view();
  if (out.ndim != index.ndim || src.ndim != index.ndim || dim < 0 || dim >= out.ndim) fail("cpu-native scatter: rank mismatch");
  for (int d = 0; d < out.ndim; d++)
    if ((d != dim && index.shape[d] > out.shape[d]) || index.shape[d] > src.shape[d]) fail("cpu-native scatter: index larger than out or src");
  if (index.numel() == 0) return;
  Staging st;
  View idx = index.dtype == DType::I32 || index.dtype == DType::I64 ? index : st.input(index, DType::I64);
  // assignment moves bits; addition computes in out's dtype (halves via float32)
  DType cd = add ? compute_dtype(out.dtype) : out.dtype;
  View o = st.output(out, cd, true);
  View s = st.input(src, cd);
  auto run = [&](auto tag) {
    using S = decltype(tag);
    if (idx.dtype == DType::I32) add ? scatter_typed<true, S, int32_t>(o, dim, idx, s) : scatter_typed<false, S, int32_t>(o, dim, idx, s);
    else add ? scatter_typed<true, S, int64_t>(o, dim, idx, s) : scatter_typed<false, S, int64_t>(o, dim, idx, s);
  };
  if (is_half(cd)) run(uint16_t{});
  else dispatch_compute(cd, run);
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(scatter, scatter_kernel);

}  // namespace taimatsu
