import type { Window2d } from "../../backend/backend.js";

/**
 * Sliding-window geometry shared by convolution, pooling and fold/unfold:
 * reading `number | [h, w]` arguments and the output-size arithmetic.
 */

export type Pair = [number, number];
/** A size given once for both spatial dims, or per dim as `[h, w]`. */
export type IntOrPair = number | readonly [number, number];

/** `v` as `[h, w]`; PyTorch's message when it is neither an int nor a pair of ints. */
export function pair(op: string, name: string, v: IntOrPair): Pair {
  const p: readonly number[] = typeof v === "number" ? [v, v] : v;
  if (p.length !== 2 || !p.every(Number.isInteger)) {
    throw new TypeError(`${op}: ${name} must either be a single int, or a tuple of two ints (got ${JSON.stringify(v)})`);
  }
  return [p[0]!, p[1]!];
}

/** The number of windows along one dim: floor, or ceil with PyTorch's rule that the last window starts inside the input or left padding. */
export function windowCount(size: number, kernel: number, stride: number, padding: number, dilation: number, ceilMode = false): number {
  const span = size + 2 * padding - dilation * (kernel - 1) - 1;
  let n = Math.floor((span + (ceilMode ? stride - 1 : 0)) / stride) + 1;
  if (ceilMode && (n - 1) * stride >= size + padding) n--;
  return n;
}

/** Output size of a window over `[H, W]`. */
export function windowOutputSize(size: readonly number[], w: Window2d, ceilMode = false): Pair {
  return [0, 1].map((d) => windowCount(size[d]!, w.kernel[d]!, w.stride[d]!, w.padding[d]!, w.dilation[d]!, ceilMode)) as Pair;
}

export function formatPair(p: readonly number[]): string {
  return `(${p.join(", ")})`;
}

/** A 1-D argument as the [fill, v] pair of the height-1 2-D op that runs it. */
export function widthOnly(v: number | readonly [number], fill: number): Pair {
  return [fill, typeof v === "number" ? v : v[0]];
}
