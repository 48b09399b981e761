import type { View, Window2d } from "../../../backend/backend.js";
import { dataOf, offsets } from "../buffer.js";

/** im2col: out[n, c, ki, kj, oh, ow] = input[n, c, oh*sH - pH + ki*dH, ow*sW - pW + kj*dW]. */
export function unfold2d(out: View, input: View, w: Window2d, padValue: number): void {
  const [N, C, H, W] = input.shape as [number, number, number, number];
  const [, , kH, kW, oH, oW] = out.shape as number[];
  const [sn, sc, sh, sw] = input.strides as [number, number, number, number];
  const src = dataOf(input);
  const dst = dataOf(out);
  const oi = offsets(out);
  let k = 0;
  for (let n = 0; n < N; n++)
    for (let c = 0; c < C; c++)
      for (let ki = 0; ki < kH!; ki++)
        for (let kj = 0; kj < kW!; kj++)
          for (let y = 0; y < oH!; y++) {
            const h = y * w.stride[0] - w.padding[0] + ki * w.dilation[0];
            for (let x = 0; x < oW!; x++) {
              const ww = x * w.stride[1] - w.padding[1] + kj * w.dilation[1];
              const inside = h >= 0 && h < H && ww >= 0 && ww < W;
              dst[oi[k++]!] = inside ? src[input.offset + n * sn + c * sc + h * sh + ww * sw]! : padValue;
            }
          }
}
