// The direct unit-stride convolutions described in conv_direct.h.
#include "conv_direct.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "../gemm/simd.h"

namespace taimatsu {

namespace {

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

bool g_enabled = true;

int64_t round_up(int64_t a, int64_t b) { return (a + b - 1) / b * b; }

// A stack of nb padded source images and the taps read from it. Channel c of
// stacked image j is the Hp x Wp plane at c*cstride + j*plane, so one wide
// run q in [0, Q) covers all nb images: image j's output pixel (y, x) sits at
// q = j*plane + y*Wp + x. Stacking keeps runs long on small images (8x8) and
// lets the weight gradient sum over several images before reducing lanes.
struct Plan {
  int64_t C, H, W, ph, pw, Hp, Wp, plane, nb, cstride, sh, sw, OH, OW, Q, Qr;
  std::vector<int64_t> off;  // per tap k = (c, ki, kj): its offset in xp
  size_t padded_size;        // xp's length, slack for the last vector included

  Plan(int64_t C_, int64_t H_, int64_t W_, int64_t ph_, int64_t pw_, const Window2d& w, int64_t nb_)
      : C(C_), H(H_), W(W_), ph(ph_), pw(pw_), Hp(H_ + 2 * ph_), Wp(W_ + 2 * pw_), plane(Hp * Wp), nb(nb_), cstride(nb_ * plane), sh(w.sh), sw(w.sw) {
    const int64_t span_h = Hp - w.dh * (w.kh - 1), span_w = Wp - w.dw * (w.kw - 1);
    OH = span_h > 0 ? (span_h - 1) / sh + 1 : 0, OW = span_w > 0 ? (span_w - 1) / sw + 1 : 0;
    Q = (nb - 1) * plane + OH * Wp, Qr = round_up(Q, kL);
    for (int64_t c = 0; c < C; c++)
      for (int64_t ki = 0; ki < w.kh; ki++)
        for (int64_t kj = 0; kj < w.kw; kj++) off.push_back(c * cstride + ki * w.dh * Wp + kj * w.dw);
    // the furthest read, the last tap's vector at Qr - kL, ends before this
    padded_size = static_cast<size_t>(C * cstride + (Qr - Q) + w.dw * (w.kw - 1) + kL);
  }
  bool valid() const { return OH > 0 && OW > 0; }
  // One image small enough that a tile's reads stay in cache.
  bool fits() const { return C * plane <= (int64_t{1} << 18); }
};

// Images per stack, never more than a thread's share. The forward tiles sweep
// the whole stack once per block of output channels, so it should stay in L1
// (32 KiB of padded source, at least one image). The weight gradient reduces
// vector lanes once per stack, so it wants long runs (~4K wide positions).
int64_t thread_share(int64_t N, bool image_parallel) { return image_parallel ? (N + num_threads() - 1) / num_threads() : N; }
int64_t forward_stack_size(int64_t N, int64_t C, int64_t plane, bool image_parallel) {
  return std::max<int64_t>(1, std::min(thread_share(N, image_parallel), 8192 / (C * plane)));
}
int64_t weight_stack_size(int64_t N, int64_t plane, bool image_parallel) {
  return std::max<int64_t>(1, std::min(thread_share(N, image_parallel), 4096 / plane));
}

// Copies image j's C x H x W source (any strides) into the stack's interior; the
// borders and slack of xp are zero from its allocation and never written.
void pad_into(const Plan& p, int64_t j, const float* src, int64_t sc, int64_t sh, int64_t sw, float* xp) {
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
void prefetch_image(const Plan& p, const float* src, int64_t sc, int64_t sh, int64_t sw) {
  if (sw != 1) return;
  constexpr int64_t kLine = 64 / sizeof(float);
  for (int64_t c = 0; c < p.C; c++)
    for (int64_t h = 0; h < p.H; h++)
      for (int64_t x = 0; x < p.W; x += kLine) __builtin_prefetch(src + c * sc + h * sh + x, 0, 2);
}

// A zeroed buffer.
struct ZeroScratch {
  Scratch<float> buf;
  explicit ZeroScratch(size_t n) : buf(n) { std::memset(buf.get(), 0, n * sizeof(float)); }
  float* get() const { return buf.get(); }
};

// How a convolution of `flops` over N images uses the threads: stacks of
// images in parallel when every thread gets one; otherwise the blocks inside
// each stack, unless the whole call is under ~0.1 ms of work, where waking
// threads would cost more than it saves (the tutorial's batch of 4).
struct Threading {
  bool images, inner;
};
Threading threading(int64_t N, double flops) {
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

// ext[r][q..q+NVT*kL) = sum over taps k of wp[k][r] * xq[off[k]..], r < MR.
template <int NVT> inline void forward_tile(const float* xq, const int64_t* off, const float* wp, int64_t K, float* ext, int64_t lde) {
  V acc[MR][NVT];
  for (int r = 0; r < MR; r++)
    for (int v = 0; v < NVT; v++) acc[r][v] = V{};
  for (int64_t k = 0; k < K; k++) {
    const float* x = xq + off[k];
    V b[NVT];
    for (int v = 0; v < NVT; v++) b[v] = simd::load(x + v * kL);
    const float* w = wp + k * MR;
    for (int r = 0; r < MR; r++) {
      const V a = simd::splat(w[r]);
      for (int v = 0; v < NVT; v++) acc[r][v] += a * b[v];
    }
  }
  for (int r = 0; r < MR; r++)
    for (int v = 0; v < NVT; v++) simd::store(ext + r * lde + v * kL, acc[r][v]);
}

// Wide positions per band. Bands run outermost in forward_stack so that the
// rows a band's taps read (all channels, band rows + kernel height) stay in L1
// while every block of output channels passes over them: ~32 KiB, at least one tile.
int64_t band_size(const Plan& p, int64_t kh_span) {
  const int64_t rows = 8192 / std::max<int64_t>(1, p.C * p.Wp) - kh_span;
  return std::max<int64_t>(1, rows * p.Wp / (NV * kL)) * NV * kL;
}

// For stacked images j < count: out[j*ostride + o*OH*OW ...] (o < O) = the taps
// of xp under packed weights [ceil(O/MR)][K][MR], plus bias[o * bstride].
void forward_stack(const Plan& p, int64_t kh_span, const float* xp, int64_t count, const float* packed, int64_t O, const float* bias,
                   int64_t bstride, float* out, int64_t ostride, bool parallel) {
  const int64_t K = static_cast<int64_t>(p.off.size()), OB = (O + MR - 1) / MR, P = p.OH * p.OW, band = band_size(p, kh_span);
  const int64_t* off = p.off.data();
  auto blocks = [&](int64_t lo, int64_t hi) {
    Scratch<float> ext(static_cast<size_t>((hi - lo) * MR * p.Qr));
    // output rows (image j, row y) are copied out, bias added, as soon as a
    // band completes them, while their wide values are still in cache
    int64_t j = 0, y = 0;
    auto copy_row = [&]() {
      const int64_t q = j * p.plane + y * p.Wp;
      for (int64_t ob = lo; ob < hi; ob++)
        for (int64_t r = 0; r < MR && ob * MR + r < O; r++) {
          const int64_t o = ob * MR + r;
          const float v = bias ? bias[o * bstride] : 0.f;
          const float* src = ext.get() + ((ob - lo) * MR + r) * p.Qr + q;
          float* dst = out + j * ostride + o * P + y * p.OW;
          for (int64_t x = 0; x < p.OW; x++) dst[x] = src[x] + v;
        }
      if (++y == p.OH) y = 0, j++;
    };
    for (int64_t q0 = 0; q0 < p.Qr; q0 += band) {
      const int64_t q1 = std::min(p.Qr, q0 + band);
      for (int64_t ob = lo; ob < hi; ob++) {
        const float* wp = packed + ob * K * MR;
        float* e = ext.get() + (ob - lo) * MR * p.Qr;
        int64_t q = q0;
        for (; q + NV * kL <= q1; q += NV * kL) forward_tile<NV>(xp + q, off, wp, K, e + q, p.Qr);
        for (; q + 2 * kL <= q1; q += 2 * kL) forward_tile<2>(xp + q, off, wp, K, e + q, p.Qr);
        for (; q < q1; q += kL) forward_tile<1>(xp + q, off, wp, K, e + q, p.Qr);
      }
      while (j < count && j * p.plane + y * p.Wp + p.OW <= q1) copy_row();
    }
  };
  if (parallel) parallel_for(0, OB, 1, blocks);
  else blocks(0, OB);
}

// Forward tiles with output channels as the vector dimension, for any pixels:
// RQ output pixels (wide positions in pos) x NVO vectors of channels, 24
// accumulators, over the weights transposed to [K][O] and read in blocks of
// taps that stay in L1. Strided convolutions need them (no contiguous runs of
// wide pixels), and small images gain from them: on 8x8 images the wide grid
// computes 80 pixels for every 64.
constexpr int kChannelTilePixels = 24;  // a multiple of every tile's RQ

// Which tiles a forward pass (or input gradient) of O output channels takes,
// and how many images each stack holds: wide-pixel stacks sized for L1, or
// channel-tile stacks of ~1K output pixels.
struct ForwardPath {
  bool channels;
  int64_t stack;
};
ForwardPath forward_path(int64_t N, int64_t O, int64_t C, int64_t Hp, int64_t Wp, int64_t OH, int64_t OW, bool strided, bool image_parallel) {
  const bool channels = O >= 2 * kL && O % kL == 0 && OH > 0 && OW > 0 && (strided || Wp * 4 >= OW * 5);
  if (!channels) return {false, forward_stack_size(N, C, Hp * Wp, image_parallel)};
  return {true, std::max<int64_t>(1, std::min(thread_share(N, image_parallel), 1024 / (OH * OW)))};
}

// ext[r][o0 + v*kL ...] (+)= sum over taps k < K of xp[pos[r] + off[k]] * wt[k][o0 + v*kL ...]
template <int NVO, int RQ>
inline void forward_tile_channels(const float* xp, const int64_t* pos, const int64_t* off, int64_t K, const float* wt, int64_t ldw, float* ext, int64_t lde,
                                  bool first) {
  V acc[RQ][NVO];
  const float* xr[RQ];
  for (int r = 0; r < RQ; r++) {
    xr[r] = xp + pos[r];
    for (int v = 0; v < NVO; v++) acc[r][v] = first ? V{} : simd::load(ext + r * lde + v * kL);
  }
  for (int64_t k = 0; k < K; k++) {
    V w[NVO];
    for (int v = 0; v < NVO; v++) w[v] = simd::load(wt + k * ldw + v * kL);
    const int64_t o = off[k];
    for (int r = 0; r < RQ; r++) {
      const V a = simd::splat(xr[r][o]);
      for (int v = 0; v < NVO; v++) acc[r][v] += a * w[v];
    }
  }
  for (int r = 0; r < RQ; r++)
    for (int v = 0; v < NVO; v++) simd::store(ext + r * lde + v * kL, acc[r][v]);
}

// forward_stack's contract for any stride, with weights wt [K][O] (O a multiple of kL).
void forward_stack_channels(const Plan& p, const float* xp, int64_t count, const float* wt, int64_t O, const float* bias, int64_t bstride, float* out,
                            int64_t ostride, bool parallel) {
  const int64_t K = static_cast<int64_t>(p.off.size()), P = p.OH * p.OW, total = count * P;
  const int64_t padded = round_up(total, kChannelTilePixels);
  std::vector<int64_t> pos(static_cast<size_t>(padded));  // each output pixel's first tap in xp; the padding repeats the last
  for (int64_t j = 0, i = 0; j < count; j++)
    for (int64_t y = 0; y < p.OH; y++)
      for (int64_t x = 0; x < p.OW; x++) pos[i++] = j * p.plane + y * p.sh * p.Wp + x * p.sw;
  std::fill(pos.begin() + total, pos.end(), pos[total - 1]);
  Scratch<float> ext(static_cast<size_t>(padded * O));
  const int64_t* off = p.off.data();
  auto tiles = [&](int64_t t0, int64_t t1) {
    for (int64_t o0 = 0; o0 < O; o0 += 4 * kL) {
      const int64_t nvo = std::min<int64_t>(4, (O - o0) / kL), kc = std::max<int64_t>(1, 6144 / (nvo * kL));  // 24 KiB of weights
      for (int64_t k0 = 0; k0 < K; k0 += kc) {
        const int64_t kn = std::min(kc, K - k0);
        const float* w = wt + k0 * O + o0;
        for (int64_t i = t0 * kChannelTilePixels; i < t1 * kChannelTilePixels;) {
          float* e = ext.get() + i * O + o0;
          const int64_t* pi = pos.data() + i;
          switch (nvo) {
            case 4: forward_tile_channels<4, 6>(xp, pi, off + k0, kn, w, O, e, O, k0 == 0), i += 6; break;
            case 3: forward_tile_channels<3, 8>(xp, pi, off + k0, kn, w, O, e, O, k0 == 0), i += 8; break;
            default: forward_tile_channels<2, 12>(xp, pi, off + k0, kn, w, O, e, O, k0 == 0), i += 12; break;
          }
        }
      }
    }
  };
  if (parallel) parallel_for(0, padded / kChannelTilePixels, 1, tiles);
  else tiles(0, padded / kChannelTilePixels);
  // back to [image][channel][pixel], plus the bias
  for (int64_t j = 0; j < count; j++)
    for (int64_t o = 0; o < O; o++) {
      const float v = bias ? bias[o * bstride] : 0.f;
      const float* src = ext.get() + j * P * O + o;
      float* dst = out + j * ostride + o * P;
      for (int64_t i = 0; i < P; i++) dst[i] = src[i * O] + v;
    }
}

// Packs weight(o, k) for o < O, k < K into [K][O].
template <class F> std::vector<float> transpose_weights(int64_t O, int64_t K, F&& weight) {
  std::vector<float> wt(static_cast<size_t>(K * O));
  for (int64_t k = 0; k < K; k++)
    for (int64_t o = 0; o < O; o++) wt[k * O + o] = weight(o, k);
  return wt;
}

// Packs weight(o, k) for o < O, k < K into [ceil(O/MR)][K][MR], zero-padded.
template <class F> std::vector<float> pack_weights(int64_t O, int64_t K, F&& weight) {
  const int64_t OB = (O + MR - 1) / MR;
  std::vector<float> packed(static_cast<size_t>(OB * K * MR), 0.f);
  for (int64_t o = 0; o < O; o++)
    for (int64_t k = 0; k < K; k++) packed[((o / MR) * K + k) * MR + o % MR] = weight(o, k);
  return packed;
}

bool unit_stride(const ConvGeometry& geo) { return g_enabled && geo.w.sh == 1 && geo.w.sw == 1 && !geo.pointwise(); }

// The weight gradient for few output channels, pixels as the vector dimension:
// dst[r][j] += sum over q < Qr of g[r][q] * xp[off[j] + q], r < BM, j < BN
// (the lanes are added up once per call, over a whole stack's positions).
inline void weight_tile_lanes(const float* g, int64_t ldg, const float* xp, const int64_t* off, int64_t Qr, float* dst, int64_t ldd) {
  V acc[BM][BN];
  for (int r = 0; r < BM; r++)
    for (int j = 0; j < BN; j++) acc[r][j] = V{};
  for (int64_t q = 0; q < Qr; q += kL) {
    V a[BM];
    for (int r = 0; r < BM; r++) a[r] = simd::load(g + r * ldg + q);
    for (int j = 0; j < BN; j++) {
      const V b = simd::load(xp + off[j] + q);
      for (int r = 0; r < BM; r++) acc[r][j] += a[r] * b;
    }
  }
  for (int r = 0; r < BM; r++)
    for (int j = 0; j < BN; j++) {
      float s = 0;
      for (int l = 0; l < kL; l++) s += acc[r][j][l];
      dst[r * ldd + j] += s;
    }
}

// The weight gradient in transposed form, gwT[k][o], with the output channels
// as the vector dimension. Output row r starts at xp position xs[r] and at
// output-gradient row gs[r] of goT [pixels][ldq]; over its `width` pixels x,
//   gwT[j][o0 + v*kL ...] += xp[off[j] + xs[r] + x*sw] * goT[gs[r] + x][o0 + v*kL ...]
// for BNT = kAcc / NVO taps j. The accumulators are gwT's own rows (loaded and
// stored once per call), so no vector ever needs reducing across its lanes.
struct OutputRows {
  std::vector<int64_t> xs, gs;
};

template <int NVO>
inline void weight_tile_channels(const float* xp, const int64_t* off, int64_t sw, const float* goT, int64_t ldq, const OutputRows& rows, int64_t r0,
                                 int64_t r1, int64_t width, float* gwT, int64_t ldk) {
  constexpr int BNT = kAcc / NVO;
  V acc[BNT][NVO];
  for (int j = 0; j < BNT; j++)
    for (int v = 0; v < NVO; v++) acc[j][v] = simd::load(gwT + j * ldk + v * kL);
  for (int64_t r = r0; r < r1; r++) {
    const float* xr = xp + rows.xs[r];
    const float* gr = goT + rows.gs[r] * ldq;
    for (int64_t x = 0; x < width; x++) {
      V b[NVO];
      for (int v = 0; v < NVO; v++) b[v] = simd::load(gr + x * ldq + v * kL);
      for (int j = 0; j < BNT; j++) {
        const V a = simd::splat(xr[off[j] + x * sw]);
        for (int v = 0; v < NVO; v++) acc[j][v] += a * b[v];
      }
    }
  }
  for (int j = 0; j < BNT; j++)
    for (int v = 0; v < NVO; v++) simd::store(gwT + j * ldk + v * kL, acc[j][v]);
}

// gwT [Kp][Op] += the contribution of the stack's first `count` images, whose
// output gradient goT holds as [count*OH*OW][Op]. Only output pixels are
// visited (any stride; with unit stride the wide grid's padding columns and
// rows, a third of it on 8x8 images, are skipped), in chunks of rows whose goT
// rows stay in L1 while every block of taps passes over them. With `parallel`,
// threads take disjoint ranges of taps (whole multiples of kAcc, which every
// tile width divides).
void weight_stack(const Plan& p, int64_t count, const float* xp, const float* goT, int64_t Op, int64_t Kp, float* gwT, bool parallel) {
  OutputRows rows;
  for (int64_t j = 0; j < count; j++)
    for (int64_t y = 0; y < p.OH; y++) rows.xs.push_back(j * p.plane + y * p.sh * p.Wp), rows.gs.push_back((j * p.OH + y) * p.OW);
  const int64_t R = static_cast<int64_t>(rows.xs.size()), chunk = std::max<int64_t>(1, std::max<int64_t>(64, 8192 / Op) / p.OW);
  const int64_t* off = p.off.data();
  auto taps = [&](int64_t u0, int64_t u1) {
    for (int64_t r0 = 0; r0 < R; r0 += chunk) {
      const int64_t r1 = std::min(R, r0 + chunk);
      for (int64_t o0 = 0; o0 < Op; o0 += 4 * kL) {
        const int64_t nvo = std::min<int64_t>(4, (Op - o0) / kL), bnt = kAcc / nvo;
        for (int64_t kb = u0 * kAcc; kb < u1 * kAcc; kb += bnt) {
          float* dst = gwT + kb * Op + o0;
          const float* g = goT + o0;
          switch (nvo) {
            case 4: weight_tile_channels<4>(xp, off + kb, p.sw, g, Op, rows, r0, r1, p.OW, dst, Op); break;
            case 3: weight_tile_channels<3>(xp, off + kb, p.sw, g, Op, rows, r0, r1, p.OW, dst, Op); break;
            case 2: weight_tile_channels<2>(xp, off + kb, p.sw, g, Op, rows, r0, r1, p.OW, dst, Op); break;
            default: weight_tile_channels<1>(xp, off + kb, p.sw, g, Op, rows, r0, r1, p.OW, dst, Op); break;
          }
        }
      }
    }
  };
  if (parallel) parallel_for(0, Kp / kAcc, 1, taps);
  else taps(0, Kp / kAcc);
}

// gw [Op][Kp] += the stack's contribution, for at most one vector of output
// channels: wide holds the output gradient as [Op][Qr]. With `parallel`,
// threads take disjoint blocks of output channels.
void weight_stack_lanes(const Plan& p, const float* xp, const float* wide, int64_t Op, int64_t Kp, float* gw, bool parallel) {
  auto rows = [&](int64_t b0, int64_t b1) {
    for (int64_t kb = 0; kb < Kp; kb += BN)
      for (int64_t ob = b0; ob < b1; ob++) weight_tile_lanes(wide + ob * BM * p.Qr, p.Qr, xp, p.off.data() + kb, p.Qr, gw + ob * BM * Kp + kb, Kp);
  };
  if (parallel) parallel_for(0, Op / BM, 1, rows);
  else rows(0, Op / BM);
}

}  // namespace

void set_conv_direct_enabled(bool on) { g_enabled = on; }
bool conv_direct_enabled() { return g_enabled; }

bool conv_direct_forward(const View& out, const View& x, const View& w, const View* b, const ConvGeometry& geo) {
  const int64_t N = x.shape[0], H = x.shape[2], W = x.shape[3], O = w.shape[0], Cg = w.shape[1];
  const int64_t G = geo.groups, Og = O / G, K = Cg * geo.w.kh * geo.w.kw;
  if (out.dtype != DType::F32 || !g_enabled || geo.pointwise()) return false;
  const bool strided = geo.w.sh != 1 || geo.w.sw != 1;
  const Threading t = threading(N, 2.0 * N * O * K * out.shape[2] * out.shape[3]);
  const ForwardPath path = forward_path(N, Og, Cg, H + 2 * geo.w.ph, W + 2 * geo.w.pw, out.shape[2], out.shape[3], strided, t.images);
  if (strided && !path.channels) return false;
  const bool by_channels = path.channels;
  const Plan p(Cg, H, W, geo.w.ph, geo.w.pw, geo.w, path.stack);
  if (!p.valid() || !p.fits() || p.OH != out.shape[2] || p.OW != out.shape[3]) return false;
  const float* Wt = w.ptr<const float>();
  std::vector<std::vector<float>> packed;
  for (int64_t g = 0; g < G; g++) {
    auto weight = [&](int64_t o, int64_t k) { return Wt[(g * Og + o) * K + k]; };
    packed.push_back(by_channels ? transpose_weights(Og, K, weight) : pack_weights(Og, K, weight));
  }
  const float* X = x.ptr<const float>();
  const int64_t* xs = x.strides;
  float* Out = out.ptr<float>();
  const float* bias = b ? b->ptr<const float>() : nullptr;
  const int64_t bstride = b ? b->strides[0] : 0, P = p.OH * p.OW;
  for_each_stack(N, p, t, [&](int64_t n0, int64_t count, bool parallel, float* xp) {
    for (int64_t g = 0; g < G; g++) {
      for (int64_t j = 0; j < count; j++) pad_into(p, j, X + (n0 + j) * xs[0] + g * Cg * xs[1], xs[1], xs[2], xs[3], xp);
      for (int64_t j = n0 + count; j < std::min(N, n0 + 2 * count); j++) prefetch_image(p, X + j * xs[0] + g * Cg * xs[1], xs[1], xs[2], xs[3]);
      const float* bg = bias ? bias + g * Og * bstride : nullptr;
      float* og = Out + (n0 * O + g * Og) * P;
      if (by_channels) forward_stack_channels(p, xp, count, packed[g].data(), Og, bg, bstride, og, O * P, parallel);
      else forward_stack(p, geo.w.dh * (geo.w.kh - 1) + 1, xp, count, packed[g].data(), Og, bg, bstride, og, O * P, parallel);
    }
  });
  return true;
}

// The input gradient of a unit-stride convolution is the unit-stride
// convolution of the output gradient, padded by dilation*(k-1) - padding, with
// the weight flipped in both spatial dims and its channel axes swapped.
bool conv_direct_backward_input(const View& gin, const View& gout, const View& w, const View* b, const ConvGeometry& geo) {
  if (gin.dtype != DType::F32 || !unit_stride(geo)) return false;
  const int64_t N = gin.shape[0], C = gin.shape[1], H = gin.shape[2], W = gin.shape[3];
  const int64_t O = gout.shape[1], OH = gout.shape[2], OW = gout.shape[3], G = geo.groups, Og = O / G, Cg = C / G;
  const int64_t kh = geo.w.kh, kw = geo.w.kw, qh = geo.w.dh * (kh - 1) - geo.w.ph, qw = geo.w.dw * (kw - 1) - geo.w.pw;
  if (qh < 0 || qw < 0) return false;
  const Threading t = threading(N, 2.0 * N * O * Cg * kh * kw * H * W);
  const ForwardPath path = forward_path(N, Cg, Og, OH + 2 * qh, OW + 2 * qw, H, W, false, t.images);
  const bool by_channels = path.channels;
  const Plan p(Og, OH, OW, qh, qw, geo.w, path.stack);
  if (!p.valid() || !p.fits() || p.OH != H || p.OW != W) return false;
  const float* Wt = w.ptr<const float>();
  // tap k = (o, ki, kj) of the flipped weight reads w[o][c][kh-1-ki][kw-1-kj]:
  // its offset from w[0][c] once per tap, not divided out per element
  std::vector<int64_t> tap(static_cast<size_t>(Og * kh * kw));
  for (int64_t o = 0, k = 0; o < Og; o++)
    for (int64_t ki = 0; ki < kh; ki++)
      for (int64_t kj = 0; kj < kw; kj++) tap[k++] = (o * Cg * kh + kh - 1 - ki) * kw + kw - 1 - kj;
  std::vector<std::vector<float>> packed;
  for (int64_t g = 0; g < G; g++) {
    const float* wg = Wt + g * Og * Cg * kh * kw;
    auto weight = [&](int64_t c, int64_t k) { return wg[c * kh * kw + tap[k]]; };
    packed.push_back(by_channels ? transpose_weights(Cg, Og * kh * kw, weight) : pack_weights(Cg, Og * kh * kw, weight));
  }
  const float* GO = gout.ptr<const float>();
  float* GI = gin.ptr<float>();
  const float* bias = b ? b->ptr<const float>() : nullptr;
  const int64_t bstride = b ? b->strides[0] : 0, P = OH * OW;
  for_each_stack(N, p, t, [&](int64_t n0, int64_t count, bool parallel, float* xp) {
    for (int64_t g = 0; g < G; g++) {
      for (int64_t j = 0; j < count; j++) pad_into(p, j, GO + ((n0 + j) * O + g * Og) * P, P, OW, 1, xp);
      for (int64_t j = n0 + count; j < std::min(N, n0 + 2 * count); j++) prefetch_image(p, GO + (j * O + g * Og) * P, P, OW, 1);
      const float* bg = bias ? bias + g * Cg * bstride : nullptr;
      float* gg = GI + (n0 * C + g * Cg) * H * W;
      if (by_channels) forward_stack_channels(p, xp, count, packed[g].data(), Cg, bg, bstride, gg, C * H * W, parallel);
      else forward_stack(p, geo.w.dh * (geo.w.kh - 1) + 1, xp, count, packed[g].data(), Cg, bg, bstride, gg, C * H * W, parallel);
    }
  });
  return true;
}

// gw[o][k] = sum over images and wide pixels q of gout_wide[o][q] * xp[off[k] + q],
// where gout_wide is the output gradient on the stack's wide grid, zero
// everywhere else. It is stored transposed (goT[q][o]), so output channels are
// the vector dimension, unless there is at most one vector of them; then
// pixels are (weight_tile_lanes). Threads sum their stacks into private
// buffers, added in a fixed order afterwards, so results do not depend on scheduling.
bool conv_direct_backward_weight(const View& gw, const View& gout, const View& x, const ConvGeometry& geo) {
  const int64_t N = x.shape[0], H = x.shape[2], W = x.shape[3], O = gw.shape[0], Cg = gw.shape[1];
  const int64_t G = geo.groups, Og = O / G, K = Cg * geo.w.kh * geo.w.kw, OH = gout.shape[2], OW = gout.shape[3];
  const bool lanes = Og <= kL;  // pixels as the vector dimension, on the wide grid: unit stride only
  if (gw.dtype != DType::F32 || !g_enabled || geo.pointwise() || (lanes && (geo.w.sh != 1 || geo.w.sw != 1))) return false;
  const Threading t = threading(N, 2.0 * N * O * K * OH * OW);
  Plan p(Cg, H, W, geo.w.ph, geo.w.pw, geo.w, weight_stack_size(N, (H + 2 * geo.w.ph) * (W + 2 * geo.w.pw), t.images));
  if (!p.valid() || !p.fits() || p.OH != OH || p.OW != OW) return false;
  // padded taps read valid memory, and their sums are dropped (every channels-tile width divides kAcc)
  const int64_t Op = lanes ? round_up(Og, BM) : round_up(Og, kL), Kp = lanes ? round_up(K, BN) : round_up(K, kAcc);
  p.off.resize(static_cast<size_t>(Kp), 0);
  const float* X = x.ptr<const float>();
  const float* GO = gout.ptr<const float>();
  const int64_t* xs = x.strides;
  const int64_t P = OH * OW, stacks = (N + p.nb - 1) / p.nb;
  // a stack's output gradient: [Op][Qr] on the wide grid (lanes), else [nb*P][Op]
  const size_t acc_size = static_cast<size_t>(G * Kp * Op), grad_size = static_cast<size_t>((lanes ? p.Qr : p.nb * P) * Op);

  // adds stacks [lo, hi) into acc: [G][Op][Kp] (lanes) or [G][Kp][Op]
  auto sum_stacks = [&](int64_t lo, int64_t hi, float* acc, bool parallel) {
    ZeroScratch xp(p.padded_size), grad(grad_size);
    for (int64_t s = lo; s < hi; s++) {
      const int64_t n0 = s * p.nb, count = std::min(p.nb, N - n0);
      if (lanes && count < p.nb)  // a short last stack: the missing images' gradients are zero
        for (int64_t o = 0; o < Op; o++) std::fill(grad.get() + o * p.Qr + count * p.plane, grad.get() + (o + 1) * p.Qr, 0.f);
      for (int64_t g = 0; g < G; g++) {
        for (int64_t j = 0; j < count; j++) {
          pad_into(p, j, X + (n0 + j) * xs[0] + g * Cg * xs[1], xs[1], xs[2], xs[3], xp.get());
          for (int64_t o = 0; o < Og; o++) {
            const float* src = GO + ((n0 + j) * O + g * Og + o) * P;
            if (lanes) {
              float* dst = grad.get() + o * p.Qr + j * p.plane;
              for (int64_t y = 0; y < OH; y++)
                for (int64_t xx = 0; xx < OW; xx++) dst[y * p.Wp + xx] = src[y * OW + xx];
            } else {
              float* dst = grad.get() + j * P * Op + o;
              for (int64_t i = 0; i < P; i++) dst[i * Op] = src[i];
            }
          }
        }
        for (int64_t j = n0 + count; j < std::min(N, n0 + 2 * count); j++) prefetch_image(p, X + j * xs[0] + g * Cg * xs[1], xs[1], xs[2], xs[3]);
        if (lanes) weight_stack_lanes(p, xp.get(), grad.get(), Op, Kp, acc + g * Op * Kp, parallel);
        else weight_stack(p, count, xp.get(), grad.get(), Op, Kp, acc + g * Kp * Op, parallel);
      }
    }
  };
  std::vector<float> total(acc_size, 0.f);
  if (t.images && stacks > 1) {
    const int nt = num_threads();
    std::vector<std::vector<float>> partial(static_cast<size_t>(nt));
    const int64_t per = (stacks + nt - 1) / nt;
    parallel_for(0, nt, 1, [&](int64_t t0, int64_t t1) {
      for (int64_t t = t0; t < t1; t++) {
        const int64_t lo = t * per, hi = std::min(stacks, lo + per);
        if (lo >= hi) continue;
        partial[t].assign(acc_size, 0.f);
        sum_stacks(lo, hi, partial[t].data(), false);
      }
    });
    for (auto& part : partial)
      for (size_t i = 0; i < part.size(); i++) total[i] += part[i];
  } else {
    sum_stacks(0, stacks, total.data(), t.inner);
  }
  float* GW = gw.ptr<float>();
  for (int64_t g = 0; g < G; g++)
    for (int64_t o = 0; o < Og; o++)
      for (int64_t k = 0; k < K; k++)
        GW[(g * Og + o) * K + k] = lanes ? total[(g * Op + o) * Kp + k] : total[(g * Kp + k) * Op + o];
  return true;
}

}  // namespace taimatsu
