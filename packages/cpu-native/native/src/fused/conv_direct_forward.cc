// The direct forward convolutions and input gradients described in
// conv_direct.h: tiles over wide pixels, or over output channels for strided
// convolutions and small images.
#include "conv_direct_stack.h"

namespace taimatsu {

namespace {

using namespace direct;

bool g_enabled = true;

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
    Scratch<float> ext((hi - lo) * MR * p.Qr);
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
// RQ output pixels (wide positions in pos) x NVO vectors of channels, kAcc
// accumulators, over the weights transposed to [K][O] and read in blocks of
// taps that stay in L1. Strided convolutions need them (no contiguous runs of
// wide pixels), and small images gain from them: on 8x8 images the wide grid
// computes 80 pixels for every 64.
constexpr int kChannelTilePixels = 24;  // a multiple of every tile's RQ (kAcc / NVO)

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
  std::vector<int64_t> pos(checked_size(padded, sizeof(int64_t)));  // each output pixel's first tap in xp; the padding repeats the last
  for (int64_t j = 0, i = 0; j < count; j++)
    for (int64_t y = 0; y < p.OH; y++)
      for (int64_t x = 0; x < p.OW; x++) pos[i++] = j * p.plane + y * p.sh * p.Wp + x * p.sw;
  std::fill(pos.begin() + total, pos.end(), pos[total - 1]);
  Scratch<float> ext(padded * O);
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
            case 4: forward_tile_channels<4, kAcc / 4>(xp, pi, off + k0, kn, w, O, e, O, k0 == 0), i += kAcc / 4; break;
            case 3: forward_tile_channels<3, kAcc / 3>(xp, pi, off + k0, kn, w, O, e, O, k0 == 0), i += kAcc / 3; break;
            case 2: forward_tile_channels<2, kAcc / 2>(xp, pi, off + k0, kn, w, O, e, O, k0 == 0), i += kAcc / 2; break;
            default: forward_tile_channels<1, kAcc>(xp, pi, off + k0, kn, w, O, e, O, k0 == 0), i += kAcc; break;
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
  std::vector<float> wt(checked_size(K * O, sizeof(float)));
  for (int64_t k = 0; k < K; k++)
    for (int64_t o = 0; o < O; o++) wt[k * O + o] = weight(o, k);
  return wt;
}

// Packs weight(o, k) for o < O, k < K into [ceil(O/MR)][K][MR], zero-padded.
template <class F> std::vector<float> pack_weights(int64_t O, int64_t K, F&& weight) {
  const int64_t OB = (O + MR - 1) / MR;
  std::vector<float> packed(checked_size(OB * K * MR, sizeof(float)), 0.f);
  for (int64_t o = 0; o < O; o++)
    for (int64_t k = 0; k < K; k++) packed[((o / MR) * K + k) * MR + o % MR] = weight(o, k);
  return packed;
}

// The packed weights of G groups for the path's tiles, weight(g, o, k) for
// o < O output channels and k < K taps.
template <class F> std::vector<std::vector<float>> pack_groups(const ForwardPath& path, int64_t G, int64_t O, int64_t K, F&& weight) {
  std::vector<std::vector<float>> packed;
  for (int64_t g = 0; g < G; g++) {
    auto wg = [&](int64_t o, int64_t k) { return weight(g, o, k); };
    packed.push_back(path.channels ? transpose_weights(O, K, wg) : pack_weights(O, K, wg));
  }
  return packed;
}

// An image of a convolution's source: its first element and its channel, row and column strides.
struct Source {
  const float* p;
  int64_t sc, sh, sw;
};

// Runs the path's tiles over every stack of N images and each of G groups:
// the images' sources source(n, g) are padded into the stack (the next
// stack's prefetched), and the tiles write O channels per group to out(n0, g),
// images ostride apart, plus bias (stride bstride) when given.
template <class Src, class Dst>
void convolve(const Plan& p, const ForwardPath& path, Threading t, int64_t N, int64_t G, int64_t kh_span, const std::vector<std::vector<float>>& packed, int64_t O,
              const float* bias, int64_t bstride, int64_t ostride, Src&& source, Dst&& out) {
  for_each_stack(N, p, t, [&](int64_t n0, int64_t count, bool parallel, float* xp) {
    for (int64_t g = 0; g < G; g++) {
      for (int64_t j = 0; j < count; j++) {
        const Source s = source(n0 + j, g);
        pad_into(p, j, s.p, s.sc, s.sh, s.sw, xp);
      }
      for (int64_t n = n0 + count; n < std::min(N, n0 + 2 * count); n++) {
        const Source s = source(n, g);
        prefetch_image(p, s.p, s.sc, s.sh, s.sw);
      }
      const float* bg = bias ? bias + g * O * bstride : nullptr;
      if (path.channels) forward_stack_channels(p, xp, count, packed[g].data(), O, bg, bstride, out(n0, g), ostride, parallel);
      else forward_stack(p, kh_span, xp, count, packed[g].data(), O, bg, bstride, out(n0, g), ostride, parallel);
    }
  });
}

}  // namespace

void set_conv_direct_enabled(bool on) { g_enabled = on; }
bool conv_direct_enabled() { return g_enabled; }

bool conv_direct_forward(const View& out, const View& x, const View& w, const View* b, const ConvGeometry& geo) {
  const int64_t N = x.shape[0], H = x.shape[2], W = x.shape[3], O = w.shape[0], Cg = w.shape[1];
  const int64_t G = geo.groups, Og = O / G, K = Cg * geo.w.kh * geo.w.kw;
  if (out.dtype != DType::F32 || !conv_direct_enabled() || geo.pointwise()) return false;
  const bool strided = geo.w.sh != 1 || geo.w.sw != 1;
  const Threading t = threading(N, 2.0 * N * O * K * out.shape[2] * out.shape[3]);
  const ForwardPath path = forward_path(N, Og, Cg, H + 2 * geo.w.ph, W + 2 * geo.w.pw, out.shape[2], out.shape[3], strided, t.images);
  if (strided && !path.channels) return false;
  const Plan p(Cg, H, W, geo.w.ph, geo.w.pw, geo.w, path.stack);
  if (!p.valid() || !p.fits() || p.OH != out.shape[2] || p.OW != out.shape[3]) return false;
  const float* Wt = w.ptr<const float>();
  const auto packed = pack_groups(path, G, Og, K, [&](int64_t g, int64_t o, int64_t k) { return Wt[(g * Og + o) * K + k]; });
  const float* X = x.ptr<const float>();
  const int64_t* xs = x.strides;
  float* Out = out.ptr<float>();
  const int64_t P = p.OH * p.OW;
  convolve(
      p, path, t, N, G, geo.w.dh * (geo.w.kh - 1) + 1, packed, Og, b ? b->ptr<const float>() : nullptr, b ? b->strides[0] : 0, O * P,
      [&](int64_t n, int64_t g) { return Source{X + n * xs[0] + g * Cg * xs[1], xs[1], xs[2], xs[3]}; },
      [&](int64_t n0, int64_t g) { return Out + (n0 * O + g * Og) * P; });
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
  const Plan p(Og, OH, OW, qh, qw, geo.w, path.stack);
  if (!p.valid() || !p.fits() || p.OH != H || p.OW != W) return false;
  const float* Wt = w.ptr<const float>();
  // tap k = (o, ki, kj) of the flipped weight reads w[o][c][kh-1-ki][kw-1-kj]:
  // its offset from w[0][c] once per tap, not divided out per element
  std::vector<int64_t> tap(checked_size(Og * kh * kw, sizeof(int64_t)));
  for (int64_t o = 0, k = 0; o < Og; o++)
    for (int64_t ki = 0; ki < kh; ki++)
      for (int64_t kj = 0; kj < kw; kj++) tap[k++] = (o * Cg * kh + kh - 1 - ki) * kw + kw - 1 - kj;
  const auto packed =
      pack_groups(path, G, Cg, Og * kh * kw, [&](int64_t g, int64_t c, int64_t k) { return Wt[g * Og * Cg * kh * kw + c * kh * kw + tap[k]]; });
  const float* GO = gout.ptr<const float>();
  float* GI = gin.ptr<float>();
  const int64_t P = OH * OW;
  convolve(
      p, path, t, N, G, geo.w.dh * (geo.w.kh - 1) + 1, packed, Cg, b ? b->ptr<const float>() : nullptr, b ? b->strides[0] : 0, C * H * W,
      [&](int64_t n, int64_t g) { return Source{GO + (n * O + g * Og) * P, P, OW, 1}; },
      [&](int64_t n0, int64_t g) { return GI + (n0 * C + g * Cg) * H * W; });
  return true;
}

}  // namespace taimatsu
