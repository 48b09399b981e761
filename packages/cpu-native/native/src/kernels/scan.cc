// scan: inclusive cumulative sum/prod/max/min/logsumexp along one axis.
// Sums and products accumulate in double (floats) or int64 (integers), as the
// reference backend and PyTorch's CPU kernels do; max/min also write the
// position of the running extreme (a later equal element or any NaN takes over).
#include <algorithm>
#include <cmath>
#include <type_traits>

#include "../common/loops.h"
#include "../common/registry.h"
#include "../common/staging.h"

namespace taimatsu {

namespace {

enum ScanOp { kSum = 0, kProd = 1, kMax = 2, kMin = 3, kLogSumExp = 4 };

inline double log_add_exp(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return NAN;
  double hi = std::max(a, b), lo = std::min(a, b);
  if (std::isinf(hi)) return hi;
  return hi + std::log1p(std::exp(lo - hi));
}

template <class S, class Acc> inline storage_t<S> store(Acc v) {
  if constexpr (is_bool_v<S>) return v != 0 ? 1 : 0;
  else return static_cast<storage_t<S>>(v);
}

template <class S>
void scan_line(int op, const char* a, int64_t as, char* o, int64_t os, char* ix, int64_t is, int64_t n) {
  using T = storage_t<S>;
  using Acc = std::conditional_t<is_fp_v<T>, double, int64_t>;
  auto in = [&](int64_t k) { return *reinterpret_cast<const T*>(a + k * as); };
  auto out = [&](int64_t k) -> T& { return *reinterpret_cast<T*>(o + k * os); };
  if (op == kMax || op == kMin) {
    T best = in(0);
    int64_t at = 0;
    for (int64_t k = 0; k < n; k++) {
      T x = in(k);
      bool x_nan = false, best_nan = false;
      if constexpr (is_fp_v<T>) x_nan = std::isnan(x), best_nan = std::isnan(best);
      if (k == 0 || x_nan || (!best_nan && (op == kMax ? x >= best : x <= best))) best = x, at = k;
      out(k) = best;
      *reinterpret_cast<int64_t*>(ix + k * is) = at;
    }
    return;
  }
  Acc acc = static_cast<Acc>(in(0));
  out(0) = store<S>(acc);
  for (int64_t k = 1; k < n; k++) {
    Acc x = static_cast<Acc>(in(k));
    if (op == kSum) acc += x;
    else if (op == kProd) acc *= x;
    else if constexpr (is_fp_v<T>) acc = log_add_exp(acc, x);
    out(k) = store<S>(acc);
  }
}

template <class S> void scan_typed(int op, const View& out, const View& a, const View* indices, int axis) {
  using T = storage_t<S>;
  const int64_t n = a.shape[axis];
  const int64_t as = a.strides[axis] * static_cast<int64_t>(sizeof(T));
  const int64_t os = out.strides[axis] * static_cast<int64_t>(sizeof(T));
  const int64_t is = indices ? indices->strides[axis] * 8 : 0;
  // walk the line starts: every view with the scanned axis collapsed to 1
  View o = out, base = a, ix = indices ? *indices : out;
  o.shape[axis] = base.shape[axis] = ix.shape[axis] = 1;
  const View* vs[3] = {&o, &base, &ix};
  auto plan = make_plan<3>(vs);
  for_each(plan, std::max<int64_t>(1, kGrainCheap / n), [&](char** p, const int64_t* s, int64_t count) {
    for (int64_t i = 0; i < count; i++)
      scan_line<S>(op, p[1] + i * s[1], as, p[0] + i * s[0], os, p[2] + i * s[2], is, n);
  });
}

void scan_kernel(Args& args) {
  int op = args.i32();
  int axis = args.i32();
  bool has_indices = args.i32() != 0;
  View out = args.view();
  View in = args.view();
  View idx;
  if (has_indices) idx = args.view();
  if (op < kSum || op > kLogSumExp) fail("cpu-native scan: unknown op");
  if ((op == kMax || op == kMin) != has_indices) fail("cpu-native scan: max/min (and only they) take indices");
  if (axis < 0 || axis >= in.ndim) fail("cpu-native scan: bad axis");
  check_same_shape("scan", out, in);
  if (has_indices) {
    check_same_shape("scan", idx, in);
    if (idx.dtype != DType::I64) fail("cpu-native scan: indices must be int64");
  }
  if (op == kLogSumExp && !is_float(out.dtype)) fail("cpu-native scan: logsumexp needs a floating dtype");
  if (out.numel() == 0) return;
  Staging st;
  DType c = compute_dtype(out.dtype);
  View a = st.input(in, c);
  View o = st.output(out, c);
  dispatch_compute(c, [&](auto tag) { scan_typed<decltype(tag)>(op, o, a, has_indices ? &idx : nullptr, axis); });
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(scan, scan_kernel);

}  // namespace taimatsu
