// unfold2d (im2col) and fold2d (col2im); fold gathers per output element, so it needs no atomics.
#include "common.cuh"

struct Window {
  int kh, kw, sh, sw, ph, pw, dh, dw;
};

// out [N, C, kH, kW, oH, oW] from input [N, C, H, W]
#define TM_WINDOW(T, SUF)                                                                               \
  extern "C" __global__ void unfold2d_##SUF(View out, View input, Window w, double padValue, i64 n) {  \
    typedef Storage<T>::type S;                                                                         \
    const S pad = Convert<T>::from(padValue);                                                           \
    const i64 oH = out.shape[4], oW = out.shape[5], H = input.shape[2], W = input.shape[3];             \
    TM_GRID_STRIDE(i, n) {                                                                              \
      i64 r = i;                                                                                        \
      const i64 x = r % oW; r /= oW;                                                                    \
      const i64 y = r % oH; r /= oH;                                                                    \
      const i64 kj = r % w.kw; r /= w.kw;                                                               \
      const i64 ki = r % w.kh; r /= w.kh;                                                               \
      const i64 c = r % out.shape[1], b = r / out.shape[1];                                             \
      const i64 h = y * w.sh - w.ph + ki * w.dh, col = x * w.sw - w.pw + kj * w.dw;                     \
      S v = pad;                                                                                        \
      if (h >= 0 && h < H && col >= 0 && col < W)                                                       \
        v = ((const S*)input.data)[input.offset + b * input.strides[0] + c * input.strides[1] +         \
                                   h * input.strides[2] + col * input.strides[3]];                      \
      ((S*)out.data)[offsetOf(out, i)] = v;                                                             \
    }                                                                                                   \
  }                                                                                                     \
  /* out [N, C, H, W]: the sum of every column element unfold2d would have read from it */              \
  extern "C" __global__ void fold2d_##SUF(View out, View cols, Window w, i64 n) {                      \
    typedef Storage<T>::type S;                                                                         \
    typedef Acc<T>::type A;                                                                             \
    const i64 oH = cols.shape[4], oW = cols.shape[5], H = out.shape[2], W = out.shape[3];               \
    TM_GRID_STRIDE(i, n) {                                                                              \
      i64 r = i;                                                                                        \
      const i64 col = r % W; r /= W;                                                                    \
      const i64 h = r % H; r /= H;                                                                      \
      const i64 c = r % out.shape[1], b = r / out.shape[1];                                             \
      A acc = 0;                                                                                        \
      for (int ki = 0; ki < w.kh; ki++) {                                                               \
        const i64 ty = h + w.ph - (i64)ki * w.dh;                                                       \
        if (ty < 0 || ty % w.sh != 0 || ty / w.sh >= oH) continue;                                      \
        for (int kj = 0; kj < w.kw; kj++) {                                                             \
          const i64 tx = col + w.pw - (i64)kj * w.dw;                                                   \
          if (tx < 0 || tx % w.sw != 0 || tx / w.sw >= oW) continue;                                    \
          acc += (A)((const S*)cols.data)[cols.offset + b * cols.strides[0] + c * cols.strides[1] +     \
                                          ki * cols.strides[2] + kj * cols.strides[3] +                 \
                                          (ty / w.sh) * cols.strides[4] + (tx / w.sw) * cols.strides[5]]; \
        }                                                                                               \
      }                                                                                                 \
      ((S*)out.data)[offsetOf(out, i)] = Convert<T>::from(acc);                                         \
    }                                                                                                   \
  }
TM_FOR_ALL_DTYPES(TM_WINDOW)
