// The direct weight gradients described in conv_direct.h: over output
// channels (any stride), or over wide pixels for at most one vector of them.
#include "conv_direct_stack.h"

namespace taimatsu {

namespace {

using namespace direct;

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
  if (gw.dtype != DType::F32 || !conv_direct_enabled() || geo.pointwise() || (lanes && (geo.w.sh != 1 || geo.w.sw != 1))) return false;
  const Threading t = threading(N, 2.0 * N * O * K * OH * OW);
  Plan p(Cg, H, W, geo.w.ph, geo.w.pw, geo.w, weight_stack_size(N, (H + 2 * geo.w.ph) * (W + 2 * geo.w.pw), t.images));
  if (!p.valid() || !p.fits() || p.OH != OH || p.OW != OW) return false;
  // padded taps read valid memory, and their sums are dropped (every channels-tile width divides kAcc)
  const int64_t Op = lanes ? round_up(Og, BM) : round_up(Og, kL), Kp = lanes ? round_up(K, BN) : round_up(K, kAcc);
  p.off.resize(checked_size(Kp, sizeof(int64_t)), 0);
  const float* X = x.ptr<const float>();
  const float* GO = gout.ptr<const float>();
  const int64_t* xs = x.strides;
  const int64_t P = OH * OW, stacks = (N + p.nb - 1) / p.nb;
  // a stack's output gradient: [Op][Qr] on the wide grid (lanes), else [nb*P][Op]
  const size_t acc_size = checked_size(G * Kp * Op, sizeof(float)), grad_size = checked_size((lanes ? p.Qr : p.nb * P) * Op, sizeof(float));

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
