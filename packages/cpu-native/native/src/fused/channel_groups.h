// How batch norm walks its input, seen as [N, C, S] (S the flattened trailing
// dims). Each pass needs per-channel sums over all images, and a channel's
// planes lie C*S apart: read channel by channel, a cold tensor stalls on every
// jump (on 8x8 images each run is 256 bytes), while whole-tensor passes read
// it from memory once per pass. So channels go in groups, small enough that a
// group's planes stay in L2 between its passes and that every thread gets a
// group; within a group planes are read in memory order, image by image, in
// runs of (group size * S) elements. Each channel keeps its own running sum
// over the images in order, so results do not depend on the grouping or the
// thread count.
#pragma once

#include <algorithm>
#include <cstdint>

#include "../common/parallel.h"
#include "../common/view.h"

namespace taimatsu {

// S: the elements of one (image, channel) plane of x [N, C, ...].
inline int64_t plane_size(const View& x) {
  int64_t S = 1;
  for (int d = 2; d < x.ndim; d++) S *= x.shape[d];
  return S;
}

// Calls plane(c, start) for the planes of channels [c0, c1) in memory order,
// image by image; start is the plane's first element.
template <class F> void for_each_plane(int64_t N, int64_t C, int64_t S, int64_t c0, int64_t c1, F&& plane) {
  for (int64_t n = 0; n < N; n++)
    for (int64_t c = c0; c < c1; c++) plane(c, (n * C + c) * S);
}

// Calls group(c0, c1) for groups of channels in parallel; `bytes_per_channel`
// is what one channel's passes read (all its planes, every input).
template <class F> void for_each_channel_group(int64_t C, int64_t bytes_per_channel, F&& group) {
  constexpr int64_t kL2Budget = int64_t{1} << 20;
  const int64_t per_thread = (C + num_threads() - 1) / num_threads();
  const int64_t size = std::max<int64_t>(1, std::min(per_thread, kL2Budget / std::max<int64_t>(1, bytes_per_channel)));
  parallel_for(0, (C + size - 1) / size, 1, [&](int64_t g0, int64_t g1) {
    for (int64_t g = g0; g < g1; g++) group(g * size, std::min(C, (g + 1) * size));
  });
}

}  // namespace taimatsu
