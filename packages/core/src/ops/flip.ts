import { noGrad } from "../autograd/grad-mode.js";
import { record } from "../autograd/record.js";
import { intList, normalizeDim } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { castRaw } from "./dispatch.js";
import { selectPositions } from "./index-select.js";
import { installMethods } from "./methods.js";

/**
 * `flip(dims)`: reverses the order of elements along each dim. Strides stay
 * non-negative (backends may rely on it), so this copies: one gather of
 * reversed positions per flipped dim. Flipping is its own inverse, so the
 * gradient is the flipped gradient.
 */

declare module "../tensor.js" {
  interface Tensor {
    flip(...dims: number[] | [readonly number[]]): Tensor;
  }
}

function flipDims(x: Tensor, dims: readonly number[]): number[] {
  const out: number[] = [];
  for (const dim of dims) {
    const d = normalizeDim("flip", dim, x.ndim);
    if (out.includes(d)) throw new RangeError(`flip: dim ${d} appears multiple times in the list of dims`);
    out.push(d);
  }
  return out;
}

export function flip(x: Tensor, dims: readonly number[]): Tensor {
  const ds = flipDims(x, dims);
  const out = noGrad(() =>
    ds.reduce((t, d) => {
      const n = t.shape[d] ?? 1;
      return n <= 1 ? t : selectPositions(t, d, Array.from({ length: n }, (_, i) => n - 1 - i));
    }, x),
  );
  // always a new tensor, even when nothing moved
  const result = out === x ? castRaw(x, x.dtype) : out;
  return record("FlipBackward0", [x], result, ([g]) => [flip(g!, ds)]);
}

installMethods({
  flip(...dims: number[] | [readonly number[]]) {
    return flip(this, intList("flip", "dims", dims));
  },
});
