// Sums with independent partial sums. A single running double sum is one long
// chain of dependent additions (latency-bound, never vectorized without
// reassociating); kLanes partial sums, combined in a fixed order at the end,
// vectorize and give the same result on every run.
#pragma once

#include <cstdint>

namespace taimatsu {

struct LaneSum {
  static constexpr int kLanes = 16;
  double a[kLanes] = {};

  // adds f(i) for i in [0, n)
  template <class F> void add(int64_t n, F&& f) {
    int64_t i = 0;
    for (; i + kLanes <= n; i += kLanes)
      for (int j = 0; j < kLanes; j++) a[j] += f(i + j);
    for (int j = 0; i < n; i++, j++) a[j] += f(i);
  }
  double total() const {
    double s = 0;
    for (double v : a) s += v;
    return s;
  }
};

}  // namespace taimatsu
