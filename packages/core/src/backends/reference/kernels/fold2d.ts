import type { View, Window2d } from "../../../backend/backend.js";
import { dataOf, offsets } from "../buffer.js";

/** col2im: sums every column entry into the input position it was read from. */
export function fold2d(out: View, cols: View, w: Window2d): void {
  const [N, C, H, W] = out.shape as [number, number, number, number];
  const [, , kH, kW, oH, oW] = cols.shape as number[];
  const [sn, sc, sh, sw] = out.strides as [number, number, number, number];
  const src = dataOf(cols);
  const dst = dataOf(out);
  for (const o of offsets(out)) dst[o] = 0;
  const ci = offsets(cols);
  let k = 0;
  for (let n = 0; n < N; n++)
    for (let c = 0; c < C; c++)
      for (let ki = 0; ki < kH!; ki++)
        for (let kj = 0; kj < kW!; kj++)
          for (let y = 0; y < oH!; y++) {
            const h = y * w.stride[0] - w.padding[0] + ki * w.dilation[0];
            for (let x = 0; x < oW!; x++, k++) {
              const ww = x * w.stride[1] - w.padding[1] + kj * w.dilation[1];
              if (h >= 0 && h < H && ww >= 0 && ww < W) dst[out.offset + n * sn + c * sc + h * sh + ww * sw]! += src[ci[k]!]!;
            }
          }
}
