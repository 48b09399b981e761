// The builtin GEMM: a BLIS-style blocked, packed matrix multiply.
//
// Loops, outermost first: NC columns of B, KC of the shared dim (B's block is
// packed once into NR-wide panels, sized for L2/L3), MC rows of A (packed into
// MR-tall panels, sized for L2), then an MR x NR register tile. The micro-
// kernel keeps the whole C tile in vector registers and does one broadcast-
// multiply-add per A element; it is written against simd.h only, so the same
// source serves every target. Packing absorbs arbitrary strides, which is how
// transposed and broadcast views run without copies.
#include <algorithm>
#include <cstring>
#include <vector>

#include "../common/memory.h"
#include "../common/parallel.h"
#include "gemm.h"
#include "simd.h"
#include "slabs.h"

namespace taimatsu {

namespace {

using simd::vec_t;

// Register tile: NR = two vectors wide; MR rows chosen so MR*2 accumulators
// plus operands fit the register file (32 vector registers with AVX-512 or NEON, 16 otherwise).
#ifndef TM_GEMM_MR
#if defined(__AVX512F__) || defined(__aarch64__)
#define TM_GEMM_MR 8
#else
#define TM_GEMM_MR 6
#endif
#endif
#ifndef TM_GEMM_NV
#define TM_GEMM_NV 2
#endif
#ifndef TM_GEMM_KC
#define TM_GEMM_KC 256
#endif
#ifndef TM_GEMM_MCR
#define TM_GEMM_MCR 24
#endif

template <class T> struct Blocking {
  static constexpr int MR = TM_GEMM_MR;
  static constexpr int NV = TM_GEMM_NV;  // vectors per tile row
  static constexpr int NR = NV * simd::lanes<T>();
  static constexpr int64_t KC = TM_GEMM_KC;
  static constexpr int64_t MC = MR * TM_GEMM_MCR;
  static constexpr int64_t NC = 2048;
};

// Packs rows [0, mc) x cols [0, kc) of A into MR-tall panels, each kc x MR, zero-padded.
template <class T> void pack_a(int64_t mc, int64_t kc, const T* a, int64_t rs, int64_t cs, T* out) {
  constexpr int MR = Blocking<T>::MR;
  for (int64_t i0 = 0; i0 < mc; i0 += MR) {
    const int64_t rows = std::min<int64_t>(MR, mc - i0);
    T* panel = out + i0 * kc;
    if (rows < MR) std::memset(panel, 0, sizeof(T) * MR * kc);
    for (int64_t i = 0; i < rows; i++) {
      const T* src = a + (i0 + i) * rs;
      for (int64_t p = 0; p < kc; p++) panel[p * MR + i] = src[p * cs];
    }
  }
}

// Packs rows [0, kc) x cols [0, nc) of B into NR-wide panels, each kc x NR, zero-padded.
template <class T> void pack_b(int64_t kc, int64_t nc, const T* b, int64_t rs, int64_t cs, T* out) {
  constexpr int NR = Blocking<T>::NR;
  for (int64_t j0 = 0; j0 < nc; j0 += NR) {
    const int64_t cols = std::min<int64_t>(NR, nc - j0);
    T* panel = out + j0 * kc;
    for (int64_t p = 0; p < kc; p++) {
      const T* src = b + p * rs + j0 * cs;
      T* dst = panel + p * NR;
      if (cs == 1 && cols == NR) {
        std::memcpy(dst, src, sizeof(T) * NR);
      } else {
        int64_t j = 0;
        for (; j < cols; j++) dst[j] = src[j * cs];
        for (; j < NR; j++) dst[j] = 0;
      }
    }
  }
}

// C tile (mr x nr valid of MR x NR) = (first ? 0 : C) + Apanel * Bpanel over kc.
template <class T>
void micro_kernel(int64_t kc, const T* __restrict a, const T* __restrict b, T* c, int64_t rsc, int64_t csc, int64_t mr,
                  int64_t nr, bool first) {
  constexpr int MR = Blocking<T>::MR, NV = Blocking<T>::NV, NR = Blocking<T>::NR, L = simd::lanes<T>();
  using V = vec_t<T>;
  V acc[MR][NV];
#pragma GCC unroll 16
  for (int i = 0; i < MR; i++)
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) acc[i][v] = simd::splat<T>(0);
  for (int64_t p = 0; p < kc; p++) {
    V bv[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) bv[v] = simd::load(b + p * NR + v * L);
#pragma GCC unroll 16
    for (int i = 0; i < MR; i++) {
      const V ai = simd::splat(a[p * MR + i]);
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) acc[i][v] += ai * bv[v];
    }
  }
  if (mr == MR && nr == NR && csc == 1) {
    for (int i = 0; i < MR; i++)
      for (int v = 0; v < NV; v++) {
        T* cp = c + i * rsc + v * L;
        simd::store(cp, first ? acc[i][v] : simd::load(cp) + acc[i][v]);
      }
    return;
  }
  alignas(64) T tile[MR][NR];
  for (int i = 0; i < MR; i++)
    for (int v = 0; v < NV; v++) simd::store(&tile[i][v * L], acc[i][v]);
  for (int64_t i = 0; i < mr; i++)
    for (int64_t j = 0; j < nr; j++) {
      T& dst = c[i * rsc + j * csc];
      dst = first ? tile[i][j] : dst + tile[i][j];
    }
}

// Per-thread packing buffers, grown on demand and kept for the next call.
template <class T> T* thread_buffer(int which, size_t n) {
  const KeepAllocations keep;
  thread_local std::vector<std::unique_ptr<T, AlignedDeleter>> bufs(2);
  thread_local std::vector<size_t> sizes(2, 0);
  if (sizes[which] < n) {
    bufs[which].reset(static_cast<T*>(aligned_malloc(n * sizeof(T))));
    sizes[which] = n;
  }
  return bufs[which].get();
}

template <class T>
void gemm_serial(int64_t M, int64_t N, int64_t K, Mat<const T> A, Mat<const T> B, Mat<T> C, bool accumulate) {
  using Bk = Blocking<T>;
  T* bp = thread_buffer<T>(0, static_cast<size_t>(Bk::KC * (Bk::NC + Bk::NR)));
  T* ap = thread_buffer<T>(1, static_cast<size_t>(Bk::KC * (Bk::MC + Bk::MR)));
  for (int64_t jc = 0; jc < N; jc += Bk::NC) {
    const int64_t nc = std::min(Bk::NC, N - jc);
    for (int64_t pc = 0; pc < K; pc += Bk::KC) {
      const int64_t kc = std::min(Bk::KC, K - pc);
      pack_b(kc, nc, B.data + pc * B.rs + jc * B.cs, B.rs, B.cs, bp);
      for (int64_t ic = 0; ic < M; ic += Bk::MC) {
        const int64_t mc = std::min(Bk::MC, M - ic);
        pack_a(mc, kc, A.data + ic * A.rs + pc * A.cs, A.rs, A.cs, ap);
        for (int64_t jr = 0; jr < nc; jr += Bk::NR)
          for (int64_t ir = 0; ir < mc; ir += Bk::MR)
            micro_kernel(kc, ap + ir * kc, bp + jr * kc, C.data + (ic + ir) * C.rs + (jc + jr) * C.cs, C.rs, C.cs,
                         std::min<int64_t>(Bk::MR, mc - ir), std::min<int64_t>(Bk::NR, nc - jr), pc == 0 && !accumulate);
      }
    }
  }
}

// Skinny products (a row or column vector) skip packing: a dot/axpy loop is cheaper.
template <class T>
void gemm_small(int64_t M, int64_t N, int64_t K, Mat<const T> A, Mat<const T> B, Mat<T> C, bool accumulate) {
  std::vector<T> row(checked_size(N, sizeof(T)));
  for (int64_t i = 0; i < M; i++) {
    for (int64_t j = 0; j < N; j++) row[j] = accumulate ? C.data[i * C.rs + j * C.cs] : T(0);
    for (int64_t p = 0; p < K; p++) {
      const T a = A.data[i * A.rs + p * A.cs];
      const T* b = B.data + p * B.rs;
      if (B.cs == 1)
        for (int64_t j = 0; j < N; j++) row[j] += a * b[j];
      else
        for (int64_t j = 0; j < N; j++) row[j] += a * b[j * B.cs];
    }
    for (int64_t j = 0; j < N; j++) C.data[i * C.rs + j * C.cs] = row[j];
  }
}

}  // namespace

template <class T>
void gemm_builtin(int64_t M, int64_t N, int64_t K, Mat<const T> A, Mat<const T> B, Mat<T> C, bool parallel, bool accumulate) {
  if (M == 0 || N == 0 || (K == 0 && accumulate)) return;
  if (K == 0) {
    for (int64_t i = 0; i < M; i++)
      for (int64_t j = 0; j < N; j++) C.data[i * C.rs + j * C.cs] = 0;
    return;
  }
  using Bk = Blocking<T>;
  if (M < 4 || M * N * K < 4096) return gemm_small(M, N, K, A, B, C, accumulate);
  run_in_slabs<T>(M, N, K, A, B, C, parallel, Bk::MR, Bk::NR, [&](int64_t m, int64_t n, Mat<const T> a, Mat<const T> b, Mat<T> c) {
    gemm_serial<T>(m, n, K, a, b, c, accumulate);
  });
}

template void gemm_builtin<float>(int64_t, int64_t, int64_t, Mat<const float>, Mat<const float>, Mat<float>, bool, bool);
template void gemm_builtin<double>(int64_t, int64_t, int64_t, Mat<const double>, Mat<const double>, Mat<double>, bool, bool);

// BLAS slabs start on 16-element edges: a 64-byte line of floats, and a multiple of OpenBLAS's tiles.
constexpr int64_t kBlasUnit = 16;

// BLAS runs on one thread (blas.cc), so it is threaded here like the builtin
// kernel; a slab whose layout BLAS cannot take runs on the builtin one.
// Inside a parallel region (parallel = false) products stay on the builtin kernel.
namespace {
template <class T, class Blas>
void gemm_blas_slabs(int64_t M, int64_t N, int64_t K, Mat<const T> A, Mat<const T> B, Mat<T> C, bool parallel, bool accumulate, Blas blas) {
  if (!parallel || !blas_enabled()) return gemm_builtin(M, N, K, A, B, C, parallel, accumulate);
  run_in_slabs<T>(M, N, K, A, B, C, parallel, kBlasUnit, kBlasUnit, [&](int64_t m, int64_t n, Mat<const T> a, Mat<const T> b, Mat<T> c) {
    if (!blas(m, n, K, a, b, c, accumulate)) gemm_builtin(m, n, K, a, b, c, false, accumulate);
  });
}
}  // namespace

template <>
void gemm<float>(int64_t M, int64_t N, int64_t K, Mat<const float> A, Mat<const float> B, Mat<float> C, bool parallel, bool accumulate) {
  gemm_blas_slabs<float>(M, N, K, A, B, C, parallel, accumulate, blas_sgemm);
}
template <>
void gemm<double>(int64_t M, int64_t N, int64_t K, Mat<const double> A, Mat<const double> B, Mat<double> C, bool parallel, bool accumulate) {
  gemm_blas_slabs<double>(M, N, K, A, B, C, parallel, accumulate, blas_dgemm);
}

const char* simd::name() {
#if defined(__AVX512F__)
  return "avx512";
#elif defined(__AVX2__)
  return "avx2";
#elif defined(__AVX__)
  return "avx";
#elif defined(__ARM_NEON)
  return "neon";
#elif defined(__wasm_simd128__)
  return "wasm-simd128";
#elif defined(__SSE2__)
  return "sse2";
#else
  return "scalar";
#endif
}

}  // namespace taimatsu
