import { ShapeError } from "../errors.js";
import { intList, shapeToString } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { installMethods } from "./methods.js";

/**
 * `repeat` and `tile`: the tensor viewed with a size-1 axis before each dim,
 * expanded along those axes (no copy yet), then copied and merged, so
 * [r0, s0, r1, s1] becomes [r0 * s0, r1 * s1]. The expand's gradient sums the
 * copies back, so no backward of its own is needed.
 */

declare module "../tensor.js" {
  interface Tensor {
    repeat(...sizes: number[] | [readonly number[]]): Tensor;
    tile(...dims: number[] | [readonly number[]]): Tensor;
  }
}

export function repeat(x: Tensor, sizes: readonly number[]): Tensor {
  if (sizes.length < x.ndim) {
    throw new ShapeError(`repeat: Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor (repeats ${shapeToString(sizes)}, tensor ${shapeToString(x.shape)})`);
  }
  const own = [...new Array<number>(sizes.length - x.ndim).fill(1), ...x.shape];
  const result = sizes.map((r, i) => r * own[i]!);
  if (sizes.some((r) => !Number.isInteger(r) || r < 0)) {
    throw new RangeError(`repeat: Trying to create tensor with negative dimension ${sizes.find((r) => r < 0) ?? sizes.find((r) => !Number.isInteger(r))}: ${shapeToString(result)}`);
  }
  const spread = x.reshape(own.flatMap((s) => [1, s])).expand(sizes.flatMap((r, i) => [r, own[i]!]));
  // clone materialises the expanded view, so the result never aliases the input
  return spread.clone().reshape(result);
}

/** `torch.tile`: like repeat, with missing leading repeats taken as 1. */
export function tile(x: Tensor, dims: readonly number[]): Tensor {
  return repeat(x, [...new Array<number>(Math.max(x.ndim - dims.length, 0)).fill(1), ...dims]);
}

installMethods({
  repeat(...sizes: number[] | [readonly number[]]) { return repeat(this, intList("repeat", "repeats", sizes)); },
  tile(...dims: number[] | [readonly number[]]) { return tile(this, intList("tile", "dims", dims)); },
});
