// Geometry shared by unfold2d (im2col) and fold2d (col2im).
#pragma once

#include <algorithm>
#include <cstdint>

#include "../common/view.h"

namespace taimatsu {

struct Window2d {
  int64_t kh, kw, sh, sw, ph, pw, dh, dw;

  static Window2d read(Args& args) {
    Window2d w;
    w.kh = args.i64(), w.kw = args.i64(), w.sh = args.i64(), w.sw = args.i64();
    w.ph = args.i64(), w.pw = args.i64(), w.dh = args.i64(), w.dw = args.i64();
    if (w.sh < 1 || w.sw < 1 || w.dh < 1 || w.dw < 1) fail("cpu-native: window stride and dilation must be positive");
    return w;
  }
};

// Output columns [lo, hi) whose input column ow*stride + first lies in [0, size).
inline void valid_range(int64_t first, int64_t stride, int64_t size, int64_t count, int64_t& lo, int64_t& hi) {
  lo = first >= 0 ? 0 : (-first + stride - 1) / stride;
  hi = first > size - 1 ? 0 : (size - 1 - first) / stride + 1;
  lo = std::min(lo, count);
  hi = std::max(lo, std::min(hi, count));
}

}  // namespace taimatsu
