// maxPool2d with indices, computed directly per (n, c) plane. Matches the
// decomposition exactly: windows are scanned in row-major order with padded
// positions reading -Infinity, the first maximum wins, a NaN wins outright,
// and a window whose winner is padding points at its first in-bounds cell.
#include <cmath>
#include <vector>

#include "../common/loops.h"
#include "../common/registry.h"
#include "../common/staging.h"
#include "../kernels/window.h"

namespace taimatsu {

namespace {

// first in-bounds coordinate of a window starting at `start` with dilation `dil`
inline int64_t first_inside(int64_t start, int64_t dil) { return start >= 0 ? start : start + ((-start + dil - 1) / dil) * dil; }

// One output cell the general way: bounds checks, padding reading -Infinity.
template <class T>
inline void cell(const T* plane, const int64_t* xs, int64_t H, int64_t W, const Window2d& w, int64_t i, int64_t j, T& out, int64_t& index) {
  const int64_t h0 = i * w.sh - w.ph, w0 = j * w.sw - w.pw;
  T best = 0;
  int64_t at = -1;  // -1: the winner so far is padding
  bool first = true;
  for (int64_t ki = 0; ki < w.kh; ki++) {
    const int64_t h = h0 + ki * w.dh;
    for (int64_t kj = 0; kj < w.kw; kj++) {
      const int64_t c = w0 + kj * w.dw;
      const bool inside = h >= 0 && h < H && c >= 0 && c < W;
      const T v = inside ? plane[h * xs[2] + c * xs[3]] : -INFINITY;
      if (first || (!(best != best) && (v != v || v > best))) {
        best = v, at = inside ? h * W + c : -1;
        first = false;
      }
    }
  }
  out = best;
  index = at >= 0 ? at : first_inside(h0, w.dh) * W + first_inside(w0, w.dw);
}

// Cells [j0, j1) of output row i whose windows lie inside the image: one
// branch-free, vectorisable pass over the row per window offset.
template <class T>
inline void inner_cells(const T* plane, const int64_t* xs, int64_t W, const Window2d& w, int64_t i, int64_t j0, int64_t j1, T* o, int64_t* ix) {
  const int64_t h0 = i * w.sh - w.ph, sw = w.sw, step = xs[3];  // locals: the stores below cannot alias them
  for (int64_t ki = 0; ki < w.kh; ki++)
    for (int64_t kj = 0; kj < w.kw; kj++) {
      const int64_t h = h0 + ki * w.dh, off = kj * w.dw - w.pw, base = h * W + off;
      const T* row = plane + h * xs[2];
      if (ki == 0 && kj == 0) {
        for (int64_t j = j0; j < j1; j++) o[j] = row[(j * sw + off) * step], ix[j] = base + j * sw;
        continue;
      }
      for (int64_t j = j0; j < j1; j++) {
        const T v = row[(j * sw + off) * step];
        const T best = o[j];
        // NaN wins and then stays; otherwise strictly greater wins (first maximum kept)
        const bool take = (v > best) | ((v != v) & (best == best));
        o[j] = take ? v : best;
        ix[j] = take ? base + j * sw : ix[j];
      }
    }
}

// The tutorial's 2x2 / stride 2 window without padding, on a contiguous plane
// of even width: first the winner of each horizontal pair over the whole
// plane (one long stride-2 loop), then the winner of each vertical pair of
// those. Both loops are branch-free and vectorise. Comparing (a, b) then
// (c, d) then the two winners keeps the row-major rules: a later value wins
// only when strictly greater, and the first NaN wins outright.
template <class T> inline bool wins(T v, T best) { return (v > best) | ((v != v) & (best == best)); }

template <class T>
void plane_2x2(const T* __restrict x, int64_t W, int64_t OH, T* __restrict hv, int64_t* __restrict hc, T* __restrict o, int64_t* __restrict ix) {
  const int64_t OW = W / 2, pairs = OH * W;
  for (int64_t k = 0; k < pairs; k++) {
    const T a = x[2 * k], b = x[2 * k + 1];
    const bool take = wins(b, a);
    hv[k] = take ? b : a;
    hc[k] = take;
  }
  for (int64_t i = 0; i < OH; i++) {
    const T *u = hv + 2 * i * OW, *v = u + OW;
    const int64_t *cu = hc + 2 * i * OW, *cv = cu + OW;
    T* oo = o + i * OW;
    int64_t* ii = ix + i * OW;
    for (int64_t j = 0; j < OW; j++) {
      const bool take = wins(v[j], u[j]);
      oo[j] = take ? v[j] : u[j];
      ii[j] = (2 * i + take) * W + 2 * j + (take ? cv[j] : cu[j]);
    }
  }
}

inline bool is_plain_2x2(const Window2d& w, const View& x, int64_t OH, int64_t OW) {
  const int64_t H = x.shape[2], W = x.shape[3];
  return w.kh == 2 && w.kw == 2 && w.sh == 2 && w.sw == 2 && w.ph == 0 && w.pw == 0 && w.dh == 1 && w.dw == 1 && W % 2 == 0 &&
         OW == W / 2 && 2 * OH <= H && x.strides[3] == 1 && x.strides[2] == W;
}

template <class T> void max_pool_2x2(const View& out, const View& idx, const View& x) {
  const int64_t C = x.shape[1], W = x.shape[3], OH = out.shape[2], OW = out.shape[3];
  const int64_t* xs = x.strides;
  const T* X = x.ptr<const T>();
  T* O = out.ptr<T>();
  int64_t* I = idx.ptr<int64_t>();
  // ~1 ns per output: only planes worth tens of microseconds go to threads
  parallel_for(0, x.shape[0] * C, std::max<int64_t>(1, (1 << 16) / std::max<int64_t>(1, OH * OW)), [&](int64_t lo, int64_t hi) {
    std::vector<T> hv(OH * W);
    std::vector<int64_t> hc(OH * W);
    for (int64_t nc = lo; nc < hi; nc++)
      plane_2x2(X + (nc / C) * xs[0] + (nc % C) * xs[1], W, OH, hv.data(), hc.data(), O + nc * OH * OW, I + nc * OH * OW);
  });
}

template <class T> void max_pool(const View& out, const View& idx, const View& x, const Window2d& w) {
  if (is_plain_2x2(w, x, out.shape[2], out.shape[3])) return max_pool_2x2<T>(out, idx, x);
  const int64_t C = x.shape[1], H = x.shape[2], W = x.shape[3], OH = out.shape[2], OW = out.shape[3];
  const int64_t* xs = x.strides;
  const T* X = x.ptr<const T>();
  T* O = out.ptr<T>();
  int64_t* I = idx.ptr<int64_t>();
  // output columns whose windows are inside horizontally
  int64_t j0, j1;
  valid_range(-w.pw, w.sw, W - (w.kw - 1) * w.dw, OW, j0, j1);
  parallel_for(0, x.shape[0] * C, std::max<int64_t>(1, (1 << 17) / std::max<int64_t>(1, OH * OW * w.kh * w.kw)), [&](int64_t lo, int64_t hi) {
    for (int64_t nc = lo; nc < hi; nc++) {
      const T* plane = X + (nc / C) * xs[0] + (nc % C) * xs[1];
      for (int64_t i = 0; i < OH; i++) {
        T* o = O + (nc * OH + i) * OW;
        int64_t* ix = I + (nc * OH + i) * OW;
        const int64_t h0 = i * w.sh - w.ph;
        const bool rows_inside = h0 >= 0 && h0 + (w.kh - 1) * w.dh < H;
        const int64_t a = rows_inside ? j0 : OW, b = rows_inside ? j1 : OW;
        for (int64_t j = 0; j < a; j++) cell(plane, xs, H, W, w, i, j, o[j], ix[j]);
        if (a < b) inner_cells(plane, xs, W, w, i, a, b, o, ix);
        for (int64_t j = std::max(a, b); j < OW; j++) cell(plane, xs, H, W, w, i, j, o[j], ix[j]);
      }
    }
  });
}

// args: kernel, stride, padding, dilation (pairs); out, indices, input
void max_pool2d_kernel(Args& args) {
  Window2d w = Window2d::read(args);
  View out = args.view();
  View indices = args.view();
  View in = args.view();
  if (in.ndim != 4 || out.ndim != 4 || indices.ndim != 4) fail("cpu-native maxPool2d: expects 4-D tensors");
  if (out.numel() == 0) return;
  Staging st;
  DType cd = float_compute_dtype(out.dtype);
  View x = st.input(in, cd);
  View o = st.dense_output(out, cd);
  View ix = st.dense_output(indices, DType::I64);
  dispatch_float(cd, [&](auto tag) { max_pool<decltype(tag)>(o, ix, x, w); });
  st.finish();
}

}  // namespace

TM_REGISTER_KERNEL(maxPool2d, max_pool2d_kernel);

}  // namespace taimatsu
