// Adaptive pooling cells: output cell i covers [floor(i * size / out), ceil((i + 1) * size / out)).
#pragma once

#include <algorithm>
#include <cstdint>

#include "../common/parallel.h"
#include "../common/view.h"

namespace taimatsu {

inline int64_t cell_start(int64_t i, int64_t size, int64_t out) { return (i * size) / out; }
inline int64_t cell_end(int64_t i, int64_t size, int64_t out) { return ((i + 1) * size + out - 1) / out; }

// Calls cell(plane, at, h0, h1, w0, w1) for every output cell of x [N, C, H, W]
// pooled to OH x OW: plane is x's (n, c) plane, at the cell's index in a dense
// [N, C, OH, OW] output, and [h0, h1) x [w0, w1) its rows and columns. Planes
// run in parallel.
template <class T, class F> void for_each_adaptive_cell(const View& x, int64_t OH, int64_t OW, F&& cell) {
  const int64_t C = x.shape[1], H = x.shape[2], W = x.shape[3];
  const int64_t* xs = x.strides;
  const T* X = x.ptr<const T>();
  parallel_for(0, x.shape[0] * C, std::max<int64_t>(1, (1 << 17) / std::max<int64_t>(1, H * W)), [&](int64_t lo, int64_t hi) {
    for (int64_t nc = lo; nc < hi; nc++) {
      const T* plane = X + (nc / C) * xs[0] + (nc % C) * xs[1];
      for (int64_t i = 0; i < OH; i++)
        for (int64_t j = 0; j < OW; j++)
          cell(plane, nc * OH * OW + i * OW + j, cell_start(i, H, OH), cell_end(i, H, OH), cell_start(j, W, OW), cell_end(j, W, OW));
    }
  });
}

}  // namespace taimatsu
