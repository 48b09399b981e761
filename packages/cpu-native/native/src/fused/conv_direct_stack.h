// What the direct convolutions (conv_direct.h) share: the register-tile
// sizes, and stacks of zero-padded images with the taps read from them.
#pragma once

#include <algorithm>
#include <cstring>
#include <vector>

#include "../common/memory.h"
#include "../common/parallel.h"
#include "../gemm/simd.h"
#include "conv_direct.h"

namespace taimatsu {
namespace direct {

using simd::vec_t;
using V = vec_t<float>;
constexpr int kL = simd::lanes<float>();

// Register tiles. Forward: MR output channels x NV vectors of wide pixels.
// Weight gradient: kAcc / NVO taps x NVO vectors of output channels, or, for
// at most one vector of output channels, BM channels x BN taps, each a vector
// of partial sums over pixels.
// Both keep 24 accumulators with 32 vector registers, 12 with 16.
#if defined(__AVX512F__) || defined(__aarch64__) || defined(__wasm__)
constexpr int MR = 8, kAcc = 24, BM = 4, BN = 6;
#else
constexpr int MR = 4, kAcc = 12, BM = 2, BN = 6;
#endif
constexpr int NV = 3;

inline int64_t round_up(int64_t a, int64_t b) { return (a + b - 1) / b * b; }

// A stack of nb padded source images and the taps read from it. Channel c of
// stacked image j is the Hp x Wp plane at c*cstride + j*plane, so one wide
// run q in [0, Q) covers all nb images: image j's output pixel (y, x) sits at
// q = j*plane + y*Wp + x. Stacking keeps runs long on small images (8x8) and
// lets the weight gradient sum over several images before reducing lanes.
struct Plan {
  int64_t C, H, W, ph, pw, Hp, Wp, plane, nb, cstride, sh, sw, OH, OW, Q, Qr;
  std::vector<int64_t> off;  // per tap k = (c, ki, kj): its offset in xp
  int64_t padded_size;       // xp's length, slack for the last vector included

  Plan(int64_t C_, int64_t H_, int64_t W_, int64_t ph_, int64_t pw_, const Window2d& w, int64_t nb_)
      : C(C_), H(H_), W(W_), ph(ph_), pw(pw_), Hp(H_ + 2 * ph_), Wp(W_ + 2 * pw_), plane(Hp * Wp), nb(nb_), cstride(nb_ * plane), sh(w.sh), sw(w.sw) {
    const int64_t span_h = Hp - w.dh * (w.kh - 1), span_w = Wp - w.dw * (w.kw - 1);
    OH = span_h > 0 ? (span_h - 1) / sh + 1 : 0, OW = span_w > 0 ? (span_w - 1) / sw + 1 : 0;
    Q = (nb - 1) * plane + OH * Wp, Qr = round_up(Q, kL);
    for (int64_t c = 0; c < C; c++)
      for (int64_t ki = 0; ki < w.kh; ki++)
        for (int64_t kj = 0; kj < w.kw; kj++) off.push_back(c * cstride + ki * w.dh * Wp + kj * w.dw);
    // the furthest read, the last tap's vector at Qr - kL, ends before this
    padded_size = C * cstride + (Qr - Q) + w.dw * (w.kw - 1) + kL;
  }
  bool valid() const { return OH > 0 && OW > 0; }
  // One image small enough that a tile's reads stay in cache.
  bool fits() const { return C * plane <= (int64_t{1} << 18); }
};

// Images per stack, never more than a thread's share. The forward tiles sweep
// the whole stack once per block of output channels, so it should stay in L1
// (32 KiB of padded source, at least one image). The weight gradient reduces
// vector lanes once per stack, so it wants long runs (~4K wide positions).
inline int64_t thread_share(int64_t N, bool image_parallel) { return image_parallel ? (N + num_threads() - 1) / num_threads() : N; }
inline int64_t forward_stack_size(int64_t N, int64_t C, int64_t plane, bool image_parallel) {
  return std::max<int64_t>(1, std::min(thread_share(N, image_parallel), 8192 / (C * plane)));
}
inline int64_t weight_stack_size(int64_t N, int64_t plane, bool image_parallel) {
  return std::max<int64_t>(1, std::min(thread_share(N, image_parallel), 4096 / plane));
}

// Copies image j's C x H x W source (any strides) into the stack's interior; the
// borders and slack of xp are zero from its allocation and never written.
inline void pad_into(const Plan& p, int64_t j, const float* src, int64_t sc, int64_t sh, int64_t sw, float* xp) {
  for (int64_t c = 0; c < p.C; c++)
    for (int64_t h = 0; h < p.H; h++) {
      const float* in = src + c * sc + h * sh;
      float* o = xp + c * p.cstride + j * p.plane + (h + p.ph) * p.Wp + p.pw;
      if (sw == 1) {
        // rows are short (8 to 32 floats): inline vector moves, not a memcpy call per row
        int64_t x = 0;
        for (; x + kL <= p.W; x += kL) simd::store(o + x, simd::load(in + x));
        for (; x < p.W; x++) o[x] = in[x];
      } else {
        for (int64_t x = 0; x < p.W; x++) o[x] = in[x * sw];
      }
    }
}

// Asks for the C x H x W source of an image the caller copies next into L2, so
// that the copy does not wait on memory: the hardware prefetchers follow the
// current image, not the jump to the next one, and a cold image is read at a
// fraction of the speed the tiles compute. Rows with a column stride are left alone.
inline void prefetch_image(const Plan& p, const float* src, int64_t sc, int64_t sh, int64_t sw) {
  if (sw != 1) return;
  constexpr int64_t kLine = 64 / sizeof(float);
  for (int64_t c = 0; c < p.C; c++)
    for (int64_t h = 0; h < p.H; h++)
      for (int64_t x = 0; x < p.W; x += kLine) __builtin_prefetch(src + c * sc + h * sh + x, 0, 2);
}

// A zeroed buffer.
struct ZeroScratch {
  Scratch<float> buf;
  explicit ZeroScratch(int64_t n) : buf(n) { std::memset(buf.get(), 0, static_cast<size_t>(n) * sizeof(float)); }  // buf checked n
  float* get() const { return buf.get(); }
};

// How a convolution of `flops` over N images uses the threads: stacks of
// images in parallel when every thread gets one; otherwise the blocks inside
// each stack, unless the whole call is under ~0.1 ms of work, where waking
// threads would cost more than it saves (the tutorial's batch of 4).
struct Threading {
  bool images, inner;
};
inline Threading threading(int64_t N, double flops) {
  const bool images = images_in_parallel(N, flops);
  return {images, !images && num_threads() > 1 && flops >= 1e7};
}

// Splits N images into stacks of nb and calls stack(n0, count, parallel, xp)
// for each, stacks spread over the threads when `t.images`; each thread has
// its own zeroed xp (a stack of fewer images uses the same layout).
template <class F> void for_each_stack(int64_t N, const Plan& p, Threading t, F&& stack) {
  const int64_t stacks = (N + p.nb - 1) / p.nb;
  auto run = [&](int64_t lo, int64_t hi, bool parallel) {
    ZeroScratch xp(p.padded_size);
    for (int64_t s = lo; s < hi; s++) stack(s * p.nb, std::min(p.nb, N - s * p.nb), parallel, xp.get());
  };
  if (t.images && stacks > 1) parallel_for(0, stacks, 1, [&](int64_t lo, int64_t hi) { run(lo, hi, false); });
  else run(0, stacks, t.inner);
}

// The direct paths take float convolutions of unit stride, unless switched off.
inline bool unit_stride(const ConvGeometry& geo) { return conv_direct_enabled() && geo.w.sh == 1 && geo.w.sw == 1 && !geo.pointwise(); }

}  // namespace direct
}  // namespace taimatsu
