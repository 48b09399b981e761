// linear: out [..., out] = input [..., in] @ weight^T + bias. The leading dims
// fold into GEMM rows when they are evenly strided (always, for contiguous
// input); weight^T is passed to the GEMM as a transposed view.
#include "../common/registry.h"
#include "../common/staging.h"
#include "../gemm/gemm.h"

namespace taimatsu {

namespace {

// rows of x's leading dims as one strided dim, when they fold
bool fold_leading(const View& x, int64_t& rows, int64_t& rs) {
  const int nd = x.ndim - 1;
  rows = 1;
  rs = x.shape[nd];  // any stride works for a single row
  for (int d = nd - 1; d >= 0; d--) {
    if (x.shape[d] == 1) continue;
    if (rows != 1 && x.strides[d] != rows * rs) return false;
    if (rows == 1) rs = x.strides[d];
    rows *= x.shape[d];
  }
  return true;
}

template <class T> void linear(const View& o, const View& x, const View& w, const View* b) {
  const int64_t In = x.shape[x.ndim - 1], Out = w.shape[0];
  int64_t rows, rs;
  fold_leading(x, rows, rs);
  T* O = o.ptr<T>();
  gemm<T>(rows, Out, In, {x.ptr<const T>(), rs, x.strides[x.ndim - 1]}, {w.ptr<const T>(), w.strides[1], w.strides[0]}, {O, Out, 1});
  if (!b) return;
  const T* bias = b->ptr<const T>();
  const int64_t bs = b->strides[0];
  for (int64_t r = 0; r < rows; r++)
    for (int64_t j = 0; j < Out; j++) O[r * Out + j] += bias[j * bs];
}

// args: has_bias; out, input, weight[, bias]
void linear_kernel(Args& args) {
  const bool has_bias = args.i32() != 0;
  View out = args.view();
  View in = args.view();
  View weight = args.view();
  View bias;
  if (has_bias) bias = args.view();
  if (in.ndim < 1 || weight.ndim != 2 || weight.shape[1] != in.shape[in.ndim - 1]) fail("cpu-native linear: shapes do not match");
  if (out.numel() == 0) return;
  Staging st;
  DType cd = float_compute_dtype(out.dtype);
  View x = st.input(in, cd);
  int64_t rows, rs;
  if (!fold_leading(x, rows, rs)) x = st.dense(x, cd);
  View w = st.input(weight, cd);
  View b = has_bias ? st.input(bias, cd) : View{};
  View o = st.dense_output(out, cd);
  dispatch_float(cd, [&](auto tag) { linear<decltype(tag)>(o, x, w, has_bias ? &b : nullptr); });
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(linear, linear_kernel);

}  // namespace taimatsu
