// im2col and its adjoint col2im for one (n, c) plane: the loops behind the
// unfold2d/fold2d primitives and the convolution kernels. A plane's columns
// are a [kH, kW, oH, oW] block with any strides; column (ki, kj, y, x) holds
// input (y*sH - pH + ki*dH, x*sW - pW + kj*dW).
#pragma once

#include <algorithm>
#include <cstring>

#include "../common/arith.h"
#include "window.h"

namespace taimatsu {

// Element strides of a plane's column block along kH, kW, oH, oW.
struct ColStrides {
  int64_t ki, kj, y, x;
};

// Calls row(ki, kj, y, h, first, x0, x1) for every column row in order: it
// reads input row h (which may lie outside [0, H)), and its columns [x0, x1)
// read input columns x*sW + first inside [0, W).
template <class F>
inline void for_each_column_row(const Window2d& w, int64_t W, int64_t OH, int64_t OW, F&& row) {
  for (int64_t ki = 0; ki < w.kh; ki++)
    for (int64_t kj = 0; kj < w.kw; kj++) {
      const int64_t first = kj * w.dw - w.pw;
      int64_t x0, x1;
      valid_range(first, w.sw, W, OW, x0, x1);
      for (int64_t y = 0; y < OH; y++) row(ki, kj, y, y * w.sh - w.ph + ki * w.dh, first, x0, x1);
    }
}

template <class T> inline void fill_run(T* o, int64_t lo, int64_t hi, int64_t stride, T value) {
  if (stride == 1) std::fill(o + lo, o + hi, value);
  else
    for (int64_t x = lo; x < hi; x++) o[x * stride] = value;
}

// cols = im2col(plane); positions outside the input read `pad`. hs, ws: the plane's strides.
template <class T>
void unfold_plane(const T* plane, int64_t hs, int64_t ws, int64_t H, int64_t W, const Window2d& w, int64_t OH, int64_t OW,
                  T* cols, const ColStrides& cs, T pad) {
  for_each_column_row(w, W, OH, OW, [&](int64_t ki, int64_t kj, int64_t y, int64_t h, int64_t first, int64_t x0, int64_t x1) {
    T* o = cols + ki * cs.ki + kj * cs.kj + y * cs.y;
    if (h < 0 || h >= H) {
      fill_run(o, 0, OW, cs.x, pad);
      return;
    }
    const T* row = plane + h * hs;
    fill_run(o, 0, x0, cs.x, pad);
    if (cs.x == 1 && w.sw == 1 && ws == 1) std::memcpy(o + x0, row + x0 + first, (x1 - x0) * sizeof(T));
    else
      for (int64_t x = x0; x < x1; x++) o[x * cs.x] = row[(x * w.sw + first) * ws];
    fill_run(o, x1, OW, cs.x, pad);
  });
}

// plane += col2im(cols): each column entry is added where unfold_plane read it,
// in column order (the reference's order). S is the compute dtype tag: bool
// accumulates as logical or, integers wrap.
template <class S, class T = storage_t<S>>
void fold_plane(const T* cols, const ColStrides& cs, int64_t H, int64_t W, const Window2d& w, int64_t OH, int64_t OW, T* plane,
                int64_t hs, int64_t ws) {
  auto add = [](T& o, T v) {
    if constexpr (is_bool_v<S>) o = (o | v) ? 1 : 0;
    else o = arith::add(o, v);
  };
  for_each_column_row(w, W, OH, OW, [&](int64_t ki, int64_t kj, int64_t y, int64_t h, int64_t first, int64_t x0, int64_t x1) {
    if (h < 0 || h >= H) return;
    const T* col = cols + ki * cs.ki + kj * cs.kj + y * cs.y;
    T* row = plane + h * hs;
    if (cs.x == 1 && w.sw == 1 && ws == 1)  // dense runs: a vectorisable loop
      for (int64_t x = x0; x < x1; x++) add(row[x + first], col[x]);
    else
      for (int64_t x = x0; x < x1; x++) add(row[(x * w.sw + first) * ws], col[x * cs.x]);
  });
}

}  // namespace taimatsu
