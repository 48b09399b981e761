// Shared pieces of the convolution kernels: argument decoding, the
// im2col/col2im of one image into/out of a dense [C*kH*kW, oH*oW] matrix,
// and how images share the threads.
#pragma once

#include "../common/memory.h"
#include "../common/parallel.h"
#include "../common/view.h"
#include "../kernels/im2col.h"

namespace taimatsu {

struct ConvGeometry {
  Window2d w;  // kernel sizes filled in from the weight
  int64_t groups;

  // stride, padding, dilation (pairs), groups
  static ConvGeometry read(Args& args) {
    ConvGeometry g;
    g.w.sh = args.i64(), g.w.sw = args.i64(), g.w.ph = args.i64(), g.w.pw = args.i64();
    g.w.dh = args.i64(), g.w.dw = args.i64();
    g.groups = args.i64();
    if (g.w.sh < 1 || g.w.sw < 1 || g.w.dh < 1 || g.w.dw < 1 || g.groups < 1) fail("cpu-native conv: bad geometry");
    return g;
  }
  // A 1x1 window with unit stride and no padding reads the image itself: no im2col needed.
  bool pointwise() const { return w.kh == 1 && w.kw == 1 && w.sh == 1 && w.sw == 1 && w.ph == 0 && w.pw == 0; }
};

// Unit stride, no padding, rows contiguous in the input (sw: its column
// stride) and every window inside the H x W image (the usual small
// convolution): every column row is one in-bounds run of an input row.
inline bool unpadded(int64_t sw, const Window2d& w, int64_t H, int64_t W, int64_t OH, int64_t OW) {
  return sw == 1 && w.sh == 1 && w.sw == 1 && w.ph == 0 && w.pw == 0 && OH + (w.kh - 1) * w.dh <= H && OW + (w.kw - 1) * w.dw <= W;
}

// An unpadded im2col. The runs are a few dozen elements, where a libc memcpy
// call per run cost more than the copy, so they are plain loops; the
// attribute stops GCC from turning them back into those calls.
template <class T>
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("no-tree-loop-distribute-patterns")))
#endif
void im2col_unpadded(const T* src, int64_t sc, int64_t sh, int64_t C, const Window2d& w, int64_t OH, int64_t OW, T* __restrict cols) {
  for (int64_t c = 0; c < C; c++)
    for (int64_t ki = 0; ki < w.kh; ki++)
      for (int64_t kj = 0; kj < w.kw; kj++) {
        const T* __restrict in = src + c * sc + ki * w.dh * sh + kj * w.dw;
        T* out = cols + ((c * w.kh + ki) * w.kw + kj) * OH * OW;
        for (int64_t y = 0; y < OH; y++)
          for (int64_t x = 0; x < OW; x++) out[y * OW + x] = in[y * sh + x];
      }
}

inline int64_t conv_ceil_div(int64_t a, int64_t b) { return a >= 0 ? (a + b - 1) / b : -((-a) / b); }

// A padded (or strided) im2col over rows contiguous in the input: per column
// row, zeros, one in-bounds run, zeros, as plain loops (the runs are a few
// dozen elements, too short for a memcpy/memset call each to pay off).
template <class T>
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("no-tree-loop-distribute-patterns")))
#endif
void im2col_rows(const T* src, int64_t sc, int64_t sh, int64_t C, int64_t H, int64_t W, const Window2d& w, int64_t OH,
                 int64_t OW, T* __restrict cols) {
  const int64_t sx = w.sw;
  for (int64_t c = 0; c < C; c++)
    for (int64_t ki = 0; ki < w.kh; ki++)
      for (int64_t kj = 0; kj < w.kw; kj++) {
        T* out = cols + ((c * w.kh + ki) * w.kw + kj) * OH * OW;
        const int64_t first = kj * w.dw - w.pw;  // input column of output column 0
        const int64_t x0 = std::min<int64_t>(OW, std::max<int64_t>(0, conv_ceil_div(-first, sx)));
        const int64_t x1 = std::min<int64_t>(OW, std::max<int64_t>(x0, conv_ceil_div(W - first, sx)));
        for (int64_t y = 0; y < OH; y++, out += OW) {
          const int64_t h = y * w.sh - w.ph + ki * w.dh;
          if (h < 0 || h >= H) {
            for (int64_t x = 0; x < OW; x++) out[x] = T(0);
            continue;
          }
          const T* __restrict in = src + c * sc + h * sh;
          for (int64_t x = 0; x < x0; x++) out[x] = T(0);
          if (sx == 1)
            for (int64_t x = x0; x < x1; x++) out[x] = in[x + first];
          else
            for (int64_t x = x0; x < x1; x++) out[x] = in[x * sx + first];
          for (int64_t x = x1; x < OW; x++) out[x] = T(0);
        }
      }
}

// cols[c, ki, kj, y, x] = src[c, y*sH - pH + ki*dH, x*sW - pW + kj*dW] (0 outside), cols dense.
template <class T>
void im2col(const T* src, int64_t sc, int64_t sh, int64_t sw, int64_t C, int64_t H, int64_t W, const Window2d& w,
            int64_t OH, int64_t OW, T* cols) {
  if (unpadded(sw, w, H, W, OH, OW)) return im2col_unpadded(src, sc, sh, C, w, OH, OW, cols);
  if (sw == 1) return im2col_rows(src, sc, sh, C, H, W, w, OH, OW, cols);
  const ColStrides cs{w.kw * OH * OW, OH * OW, OW, 1};
  for (int64_t c = 0; c < C; c++) unfold_plane(src + c * sc, sh, sw, H, W, w, OH, OW, cols + c * w.kh * cs.ki, cs, T(0));
}

// The unpadded adjoint: each column row adds into one in-bounds run of a dst
// row. Same order of additions as fold_plane (ki, kj, y, x per channel), so
// the sums are identical; plain restrict loops skip its per-row window logic.
template <class T>
void col2im_unpadded(const T* __restrict cols, int64_t C, int64_t H, int64_t W, const Window2d& w, int64_t OH, int64_t OW, T* __restrict dst) {
  for (int64_t c = 0; c < C; c++)
    for (int64_t ki = 0; ki < w.kh; ki++)
      for (int64_t kj = 0; kj < w.kw; kj++) {
        const T* col = cols + ((c * w.kh + ki) * w.kw + kj) * OH * OW;
        T* plane = dst + c * H * W + ki * w.dh * W + kj * w.dw;
        for (int64_t y = 0; y < OH; y++)
          for (int64_t x = 0; x < OW; x++) plane[y * W + x] += col[y * OW + x];
      }
}

// The adjoint: adds each column entry into dst (dense [C, H, W]) where im2col read it.
template <class T>
void col2im(const T* cols, int64_t C, int64_t H, int64_t W, const Window2d& w, int64_t OH, int64_t OW, T* dst) {
  if (unpadded(1, w, H, W, OH, OW)) return col2im_unpadded(cols, C, H, W, w, OH, OW, dst);
  const ColStrides cs{w.kw * OH * OW, OH * OW, OW, 1};
  for (int64_t c = 0; c < C; c++) fold_plane<T>(cols + c * w.kh * cs.ki, cs, H, W, w, OH, OW, dst + c * H * W, W, 1);
}

// Whether to run images in parallel with single-threaded GEMMs: only when
// every thread gets an image and real work (~0.1 ms); else the GEMM threads.
inline bool images_in_parallel(int64_t N, double flops) {
  const int nt = num_threads();
  return nt > 1 && N >= nt && flops >= 1e7;
}

// Calls image(n, parallel_gemm, cols) for every image n, with `cols` a
// scratch buffer of cols_size elements private to the calling thread.
template <class T, class F> void for_each_image(int64_t N, double flops, int64_t cols_size, F&& image) {
  if (images_in_parallel(N, flops)) {
    parallel_for(0, N, 1, [&](int64_t lo, int64_t hi) {
      Scratch<T> cols(cols_size);
      for (int64_t n = lo; n < hi; n++) image(n, false, cols.get());
    });
  } else {
    Scratch<T> cols(cols_size);
    for (int64_t n = 0; n < N; n++) image(n, true, cols.get());
  }
}

}  // namespace taimatsu
