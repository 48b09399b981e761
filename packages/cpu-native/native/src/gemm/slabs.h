// Threading for GEMMs whose routine runs on one thread (the builtin kernel, or
// BLAS held to one thread): C is cut along its larger side into one slab per
// thread, each slab a whole product with its own packing. One pool, ours, then
// runs every product; a BLAS with threads of its own would keep them spinning
// after each call, on the cores the next kernel needs.
#pragma once

#include <algorithm>
#include <cstdint>

#include "../common/parallel.h"
#include "gemm.h"

namespace taimatsu {

// Below this many flops a product stays on the calling thread: waking the pool costs more.
constexpr double kGemmParallelFlops = 1e6;

// serial(m, n, A, B, C) computes one slab: C (m x n) from A (m x K) and B (K x n).
// Slabs are multiples of unit_m rows or unit_n columns, so they start on kernel tile edges.
template <class T, class Serial>
void run_in_slabs(int64_t M, int64_t N, int64_t K, Mat<const T> A, Mat<const T> B, Mat<T> C, bool parallel, int64_t unit_m,
                  int64_t unit_n, Serial&& serial) {
  const int nt = parallel ? num_threads() : 1;
  if (nt <= 1 || 2.0 * M * N * K < kGemmParallelFlops || in_parallel_region()) return serial(M, N, A, B, C);
  const bool split_n = N >= M;
  const int64_t extent = split_n ? N : M;
  const int64_t unit = split_n ? unit_n : unit_m;
  const int64_t units = (extent + unit - 1) / unit;
  parallel_for(0, units, std::max<int64_t>(1, units / nt), [&](int64_t lo, int64_t hi) {
    const int64_t s = lo * unit, e = std::min(extent, hi * unit);
    if (split_n) serial(M, e - s, A, Mat<const T>{B.data + s * B.cs, B.rs, B.cs}, Mat<T>{C.data + s * C.cs, C.rs, C.cs});
    else serial(e - s, N, Mat<const T>{A.data + s * A.rs, A.rs, A.cs}, B, Mat<T>{C.data + s * C.rs, C.rs, C.cs});
  });
}

}  // namespace taimatsu
