// softmax / logSoftmax along one dim (a flag picks which): per row, the max,
// then the sum of exponentials in double, then one pass writing the result.
#include <cmath>

#include "../common/loops.h"
#include "../common/registry.h"
#include "../common/staging.h"

namespace taimatsu {

namespace {

template <class T> void softmax_rows(const View& o, const View& x, int dim, bool log) {
  const int64_t n = x.shape[dim];
  const int64_t xs = x.strides[dim] * static_cast<int64_t>(sizeof(T)), os = o.strides[dim] * static_cast<int64_t>(sizeof(T));
  View ob = o, xb = x;
  ob.shape[dim] = xb.shape[dim] = 1;
  const View* vs[2] = {&ob, &xb};
  auto plan = make_plan<2>(vs);
  for_each(plan, std::max<int64_t>(1, kGrainCostly / std::max<int64_t>(1, n)), [&](char** p, const int64_t* s, int64_t count) {
    for (int64_t r = 0; r < count; r++) {
      const char* in = p[1] + r * s[1];
      char* out = p[0] + r * s[0];
      auto at = [&](int64_t k) { return static_cast<double>(*reinterpret_cast<const T*>(in + k * xs)); };
      double m = -INFINITY;
      for (int64_t k = 0; k < n; k++) m = std::fmax(m, at(k));
      // as core's decompositions: logSoftmax shifts by an infinite max as if 0 (logsumexp), so a
      // +inf entry makes the others -inf; softmax keeps it (inf - inf = NaN spreads through the sum)
      if (std::isinf(m) && (log || m < 0)) m = 0;
      double sum = 0;
      for (int64_t k = 0; k < n; k++) sum += std::exp(at(k) - m);
      const double lse = std::log(sum);
      for (int64_t k = 0; k < n; k++) {
        const double v = at(k) - m;
        *reinterpret_cast<T*>(out + k * os) = static_cast<T>(log ? v - lse : std::exp(v) / sum);
      }
    }
  });
}

// args: dim, log; out, input
void softmax_kernel(Args& args) {
  const int dim = args.i32();
  const bool log = args.i32() != 0;
  View out = args.view();
  View in = args.view();
  check_same_shape("softmax", out, in);
  if (in.ndim == 0 && dim == 0) {  // a 0-dim tensor is a row of one
    for (View* v : {&out, &in}) v->ndim = 1, v->shape[0] = 1, v->strides[0] = 1;
  }
  if (dim < 0 || dim >= in.ndim) fail("cpu-native softmax: dim out of range");
  if (out.numel() == 0) return;
  Staging st;
  DType cd = float_compute_dtype(out.dtype);
  View x = st.input(in, cd);
  View o = st.output(out, cd);
  dispatch_float(cd, [&](auto tag) { softmax_rows<decltype(tag)>(o, x, dim, log); });
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(softmax, softmax_kernel);

}  // namespace taimatsu
