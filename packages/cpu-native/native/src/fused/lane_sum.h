// Sums with independent partial sums. A single running sum is one long chain
// of dependent additions (latency-bound, never vectorized without
// reassociating); kLanes partial sums, combined in a fixed order, vectorize and
// give the same result on every run. The lanes hold the element type, so a
// float sum runs at full vector width, and are folded into a double total every
// kFlush elements: each float partial sum stays short, so its rounding error
// stays at a few ulps whatever the length of the whole sum.
#pragma once

#include <algorithm>
#include <cstdint>

namespace taimatsu {

template <class T> struct LaneSum {
  static constexpr int kLanes = 16;
  static constexpr int64_t kFlush = kLanes * 128;
  T lane[kLanes] = {};
  int64_t pending = 0;  // elements in the lanes since the last fold
  double folded = 0;

  // adds f(i) for i in [0, n)
  template <class F> void add(int64_t n, F&& f) {
    for (int64_t start = 0; start < n;) {
      const int64_t end = std::min(n, start + (kFlush - pending));
      // a local copy: the compiler cannot keep `lane` in registers while f
      // reads memory of the same type, which might alias it
      T acc[kLanes];
      for (int j = 0; j < kLanes; j++) acc[j] = lane[j];
      int64_t i = start;
      for (; i + kLanes <= end; i += kLanes)
        for (int j = 0; j < kLanes; j++) acc[j] += f(i + j);
      for (int j = 0; i < end; i++, j++) acc[j] += f(i);
      for (int j = 0; j < kLanes; j++) lane[j] = acc[j];
      pending += end - start;
      start = end;
      if (pending >= kFlush) fold();
    }
  }
  void fold() {
    double s = 0;
    for (T& v : lane) s += static_cast<double>(v), v = T(0);
    folded += s;
    pending = 0;
  }
  double total() {
    fold();
    return folded;
  }
};

}  // namespace taimatsu
