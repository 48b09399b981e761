import { sameShape, shapeToString } from "../../shape.js";
import type { Tensor } from "../../tensor.js";
import { checkReduction, reduce, type Reduction } from "./reduction.js";

/**
 * Regression losses (mse, l1, smooth L1, Huber): elementwise tensor ops and
 * a reduction, so autograd derives their gradients. The classification
 * losses live in cross-entropy.ts and binary-cross-entropy.ts and are
 * re-exported here.
 */

export { crossEntropy, nllLoss, type CrossEntropyOptions, type NllLossOptions } from "./cross-entropy.js";
export { binaryCrossEntropy, binaryCrossEntropyWithLogits, type BinaryCrossEntropyOptions, type BinaryCrossEntropyWithLogitsOptions } from "./binary-cross-entropy.js";
export type { Reduction } from "./reduction.js";

export interface LossOptions {
  reduction?: Reduction;
}

/** PyTorch broadcasts mismatched shapes in these losses but warns, since it is usually a bug. */
function warnOnBroadcast(input: Tensor, target: Tensor): void {
  if (sameShape(input.shape, target.shape)) return;
  console.warn(
    `Using a target size (${shapeToString(target.shape)}) that is different to the input size (${shapeToString(input.shape)}). ` +
      "This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.",
  );
}

/** |input - target| after the shape warning. */
function absError(input: Tensor, target: Tensor): Tensor {
  warnOnBroadcast(input, target);
  return input.sub(target).abs();
}

export function mseLoss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  const reduction = checkReduction("mse_loss", options.reduction ?? "mean");
  warnOnBroadcast(input, target);
  return reduce(input.sub(target).square(), reduction);
}

export function l1Loss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  const reduction = checkReduction("l1_loss", options.reduction ?? "mean");
  return reduce(absError(input, target), reduction);
}

/** 0.5 d^2 / beta where |d| < beta, else |d| - 0.5 beta; beta = 0 is the L1 loss. */
export function smoothL1Loss(input: Tensor, target: Tensor, options: LossOptions & { beta?: number } = {}): Tensor {
  const reduction = checkReduction("smooth_l1_loss", options.reduction ?? "mean");
  const beta = options.beta ?? 1;
  if (beta < 0) throw new RangeError("smooth_l1_loss: smooth_l1_loss does not support negative values for beta.");
  const d = absError(input, target);
  if (beta === 0) return reduce(d, reduction);
  return reduce(d.square().mul(0.5 / beta).where(d.lt(beta), d.sub(0.5 * beta)), reduction);
}

/** 0.5 d^2 where |d| < delta, else delta (|d| - 0.5 delta). */
export function huberLoss(input: Tensor, target: Tensor, options: LossOptions & { delta?: number } = {}): Tensor {
  const reduction = checkReduction("huber_loss", options.reduction ?? "mean");
  const delta = options.delta ?? 1;
  if (!(delta > 0)) throw new RangeError("huber_loss: huber_loss does not support non-positive values for delta.");
  const d = absError(input, target);
  return reduce(d.square().mul(0.5).where(d.lt(delta), d.sub(0.5 * delta).mul(delta)), reduction);
}
