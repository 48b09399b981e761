// Shared pieces of the convolution kernels: argument decoding and the
// im2col/col2im of one image into/out of a dense [C*kH*kW, oH*oW] matrix.
#pragma once

#include <algorithm>
#include <cstring>

#include "../common/view.h"
#include "../kernels/window.h"

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

// cols[c, ki, kj, y, x] = src[c, y*sH - pH + ki*dH, x*sW - pW + kj*dW] (0 outside), cols dense.
template <class T>
void im2col(const T* src, int64_t sc, int64_t sh, int64_t sw, int64_t C, int64_t H, int64_t W, const Window2d& w,
            int64_t OH, int64_t OW, T* cols) {
  for (int64_t c = 0; c < C; c++)
    for (int64_t ki = 0; ki < w.kh; ki++)
      for (int64_t kj = 0; kj < w.kw; kj++) {
        const int64_t first = kj * w.dw - w.pw;
        int64_t x0, x1;
        valid_range(first, w.sw, W, OW, x0, x1);
        for (int64_t y = 0; y < OH; y++, cols += OW) {
          const int64_t h = y * w.sh - w.ph + ki * w.dh;
          if (h < 0 || h >= H) {
            std::fill(cols, cols + OW, T(0));
            continue;
          }
          const T* row = src + c * sc + h * sh;
          std::fill(cols, cols + x0, T(0));
          if (w.sw == 1 && sw == 1) std::memcpy(cols + x0, row + x0 + first, (x1 - x0) * sizeof(T));
          else
            for (int64_t x = x0; x < x1; x++) cols[x] = row[(x * w.sw + first) * sw];
          std::fill(cols + x1, cols + OW, T(0));
        }
      }
}

// The adjoint: adds each column entry into dst (dense [C, H, W]) where im2col read it.
template <class T>
void col2im(const T* cols, int64_t C, int64_t H, int64_t W, const Window2d& w, int64_t OH, int64_t OW, T* dst) {
  for (int64_t c = 0; c < C; c++)
    for (int64_t ki = 0; ki < w.kh; ki++)
      for (int64_t kj = 0; kj < w.kw; kj++) {
        const int64_t first = kj * w.dw - w.pw;
        int64_t x0, x1;
        valid_range(first, w.sw, W, OW, x0, x1);
        for (int64_t y = 0; y < OH; y++, cols += OW) {
          const int64_t h = y * w.sh - w.ph + ki * w.dh;
          if (h < 0 || h >= H) continue;
          T* row = dst + (c * H + h) * W + first;
          if (w.sw == 1)
            for (int64_t x = x0; x < x1; x++) row[x] += cols[x];
          else
            for (int64_t x = x0; x < x1; x++) row[x * w.sw] += cols[x];
        }
      }
}

}  // namespace taimatsu
