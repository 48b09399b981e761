// matmul: a [...batch, M, K] @ b [...batch, K, N] -> out [...batch, M, N],
// batch dims already broadcast (stride 0). Floats go through gemm() (BLAS or
// the builtin GEMM, strides passed through); integers and bool use a plain
// loop with int64 accumulation, as exact as the reference's float64 one.
#include <vector>

#include "../common/arith.h"
#include "../common/loops.h"
#include "../common/registry.h"
#include "../common/staging.h"
#include "../gemm/gemm.h"

namespace taimatsu {

namespace {

struct Batch {
  int nd = 0;
  int64_t count = 1;
  int64_t shape[kMaxDims];
  int64_t sa[kMaxDims], sb[kMaxDims], so[kMaxDims];

  // element offsets of batch item t in a, b, out
  void offsets(int64_t t, int64_t& oa, int64_t& ob, int64_t& oo) const {
    oa = ob = oo = 0;
    for (int d = nd - 1; d >= 0; d--) {
      int64_t i = t % shape[d];
      t /= shape[d];
      oa += i * sa[d], ob += i * sb[d], oo += i * so[d];
    }
  }
};

// Dims [0, nd) plus the row dim fold into one row dim when they are evenly spaced.
bool fold_rows(const View& v, int nd, int64_t& rows, int64_t& rs) {
  rows = v.shape[nd];
  rs = v.strides[nd];
  for (int d = nd - 1; d >= 0; d--) {
    if (v.shape[d] == 1) continue;
    if (rows != 1 && v.strides[d] != rows * rs) return false;
    if (rows == 1) rs = v.strides[d];
    rows *= v.shape[d];
  }
  return true;
}

template <class T> void matmul_float(const View& out, const View& a, const View& b, const Batch& bt) {
  const int nd = bt.nd;
  const int64_t M = out.shape[nd], N = out.shape[nd + 1], K = a.shape[nd + 1];
  const int64_t ars = a.strides[nd], acs = a.strides[nd + 1], brs = b.strides[nd], bcs = b.strides[nd + 1];
  const int64_t ors = out.strides[nd], ocs = out.strides[nd + 1];
  const T* A = a.ptr<const T>();
  const T* B = b.ptr<const T>();
  T* C = out.ptr<T>();
  // a shared right operand (x @ W with x [B, T, K]): one tall GEMM instead of a batch loop
  bool b_shared = true;
  for (int d = 0; d < nd; d++) b_shared = b_shared && (bt.shape[d] == 1 || bt.sb[d] == 0);
  int64_t rows_a, rs_a, rows_o, rs_o;
  if (nd > 0 && b_shared && fold_rows(a, nd, rows_a, rs_a) && fold_rows(out, nd, rows_o, rs_o) && rows_a == rows_o &&
      (rows_a == M * bt.count)) {
    return gemm<T>(rows_a, N, K, {A, rs_a, acs}, {B, brs, bcs}, {C, rs_o, ocs});
  }
  auto item = [&](int64_t t, bool parallel) {
    int64_t oa, ob, oo;
    bt.offsets(t, oa, ob, oo);
    Mat<const T> ma{A + oa, ars, acs}, mb{B + ob, brs, bcs};
    Mat<T> mc{C + oo, ors, ocs};
    if (parallel) gemm<T>(M, N, K, ma, mb, mc);
    else gemm_builtin<T>(M, N, K, ma, mb, mc, false);
  };
  const double flops = 2.0 * M * N * K;
  if (bt.count > 1 && flops < 4e6 && flops * bt.count >= 1e7 && num_threads() > 1) {
    // many small products: one thread per product
    parallel_for(0, bt.count, std::max<int64_t>(1, static_cast<int64_t>(1e6 / (flops + 1))), [&](int64_t lo, int64_t hi) {
      for (int64_t t = lo; t < hi; t++) item(t, false);
    });
  } else {
    for (int64_t t = 0; t < bt.count; t++) item(t, true);
  }
}

template <class S> void matmul_int(const View& out, const View& a, const View& b, const Batch& bt) {
  using T = storage_t<S>;
  const int nd = bt.nd;
  const int64_t M = out.shape[nd], N = out.shape[nd + 1], K = a.shape[nd + 1];
  parallel_for(0, bt.count * M, std::max<int64_t>(1, kGrainCheap / std::max<int64_t>(1, N * K)), [&](int64_t lo, int64_t hi) {
    std::vector<int64_t> acc(checked_size(N, sizeof(int64_t)));
    for (int64_t r = lo; r < hi; r++) {
      const int64_t t = r / M, i = r % M;
      int64_t oa, ob, oo;
      bt.offsets(t, oa, ob, oo);
      const T* arow = a.ptr<const T>() + oa + i * a.strides[nd];
      std::fill(acc.begin(), acc.end(), 0);
      for (int64_t p = 0; p < K; p++) {
        const int64_t x = arow[p * a.strides[nd + 1]];
        const T* brow = b.ptr<const T>() + ob + p * b.strides[nd];
        for (int64_t j = 0; j < N; j++) acc[j] = arith::add(acc[j], arith::mul(x, static_cast<int64_t>(brow[j * b.strides[nd + 1]])));
      }
      T* orow = out.ptr<T>() + oo + i * out.strides[nd];
      for (int64_t j = 0; j < N; j++) {
        if constexpr (is_bool_v<S>) orow[j * out.strides[nd + 1]] = acc[j] != 0;
        else orow[j * out.strides[nd + 1]] = static_cast<T>(acc[j]);
      }
    }
  });
}

void matmul_kernel(Args& args) {
  View out = args.view();
  View x = args.view();
  View y = args.view();
  const int nd = out.ndim - 2;
  if (nd < 0 || x.ndim != out.ndim || y.ndim != out.ndim) fail("cpu-native matmul: operands need the same rank >= 2");
  const int64_t M = out.shape[nd], N = out.shape[nd + 1], K = x.shape[nd + 1];
  if (x.shape[nd] != M || y.shape[nd] != K || y.shape[nd + 1] != N) fail("cpu-native matmul: shapes do not chain");
  Batch bt;
  bt.nd = nd;
  for (int d = 0; d < nd; d++) {
    if (x.shape[d] != out.shape[d] || y.shape[d] != out.shape[d]) fail("cpu-native matmul: batch dims must be broadcast");
    bt.shape[d] = out.shape[d];
    bt.count *= out.shape[d];
    bt.sa[d] = x.strides[d], bt.sb[d] = y.strides[d], bt.so[d] = out.strides[d];
  }
  if (out.numel() == 0) return;
  Staging st;
  DType cd = compute_dtype(out.dtype);
  View a = st.input(x, cd);
  View b = st.input(y, cd);
  View o = st.output(out, cd);
  // staged inputs may have new strides
  for (int d = 0; d < nd; d++) bt.sa[d] = a.strides[d], bt.sb[d] = b.strides[d], bt.so[d] = o.strides[d];
  switch (cd) {
    case DType::F32: matmul_float<float>(o, a, b, bt); break;
    case DType::F64: matmul_float<double>(o, a, b, bt); break;
    default: dispatch_compute(cd, [&](auto tag) {
      if constexpr (!is_fp_v<decltype(tag)>) matmul_int<decltype(tag)>(o, a, b, bt);
    });
  }
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(matmul, matmul_kernel);

}  // namespace taimatsu
