import type { Tensor } from "../../tensor.js";
import { im2col } from "./im2col.js";
import type { Pair } from "./window.js";

/**
 * Zero rows/columns appended at the bottom/right of [N, C, H, W]: the extra
 * padding "same" convolution needs for even kernels. A 1x1 im2col asked for
 * more windows than the image has reads zeros past the edge, and its
 * gradient (col2im) drops them again.
 */
export function padEnd(x: Tensor, extra: Pair): Tensor {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const size: Pair = [H + extra[0], W + extra[1]];
  const window = { kernel: [1, 1] as Pair, stride: [1, 1] as Pair, padding: [0, 0] as Pair, dilation: [1, 1] as Pair };
  return im2col(x, window, size).reshape([N, C, ...size]);
}
