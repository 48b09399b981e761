import type { Reduction } from "../../backend/fused.js";
import type { Tensor } from "../../tensor.js";

/** The `reduction` argument shared by the losses. */
export type { Reduction };

export function checkReduction(op: string, reduction: string): Reduction {
  if (reduction !== "none" && reduction !== "mean" && reduction !== "sum") throw new RangeError(`${op}: ${reduction} is not a valid value for reduction`);
  return reduction;
}

/** Applies the reduction to an elementwise loss. */
export function reduce(loss: Tensor, reduction: Reduction): Tensor {
  return reduction === "none" ? loss : reduction === "sum" ? loss.sum() : loss.mean();
}
