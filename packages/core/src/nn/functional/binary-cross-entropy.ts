import { noGrad } from "../../autograd/grad-mode.js";
import { record } from "../../autograd/record.js";
import { ShapeError } from "../../errors.js";
import { sameShape, shapeToString } from "../../shape.js";
import type { Tensor } from "../../tensor.js";
import { checkReduction, reduce, type Reduction } from "./reduction.js";

/**
 * Binary cross entropy on probabilities and on logits. Each elementwise loss
 * is its own node with PyTorch's gradient formulas: differentiating the
 * forward expressions op by op would give NaN where the log is clamped
 * (BCE at 0 or 1) and the wrong slope at 0 for |x| (the logits form).
 */

export interface BinaryCrossEntropyOptions {
  /** Rescales each element's loss; broadcasts against the input. */
  weight?: Tensor | null;
  reduction?: Reduction;
}

export interface BinaryCrossEntropyWithLogitsOptions extends BinaryCrossEntropyOptions {
  /** Weight of the positive term, per class (broadcast over the last dim). */
  posWeight?: Tensor | null;
}

/** log clamped at -100, so a probability of exactly 0 or 1 gives a finite loss, as in PyTorch. */
function clampedLog(x: Tensor): Tensor {
  return x.log().clamp(-100);
}

function checkProbabilities(input: Tensor): void {
  // reading values back is only cheap where reads are synchronous
  if (!input.storage.backend.allocator.readSync || input.numel() === 0) return;
  if (input.lt(0).logicalOr(input.gt(1)).any().item()) throw new RangeError("binary_cross_entropy: all elements of input should be between 0 and 1");
}

/** `F.binary_cross_entropy(input, target, {weight, reduction})` with input probabilities in [0, 1]. */
export function binaryCrossEntropy(input: Tensor, target: Tensor, options: BinaryCrossEntropyOptions = {}): Tensor {
  const reduction = checkReduction("binary_cross_entropy", options.reduction ?? "mean");
  if (!sameShape(input.shape, target.shape)) {
    throw new ShapeError(`binary_cross_entropy: Using a target size (${shapeToString(target.shape)}) that is different to the input size (${shapeToString(input.shape)}) is deprecated. Please ensure they have the same size.`);
  }
  checkProbabilities(input);
  const weight = options.weight ?? null;
  const scaled = (t: Tensor) => (weight ? t.mul(weight) : t);
  const loss = noGrad(() => scaled(target.mul(clampedLog(input)).add(target.rsub(1).mul(clampedLog(input.rsub(1)))).neg()));
  const elementwise = record("BinaryCrossEntropyBackward0", [input, target], loss, ([g]) => [
    // (x - t) / (x (1 - x)), with the denominator kept away from 0 by PyTorch's constant (1e-12 as a float32)
    input.requiresGrad ? scaled(g!.mul(input.sub(target)).div(input.rsub(1).mul(input).clamp(Math.fround(1e-12)))) : null,
    target.requiresGrad ? scaled(g!.mul(clampedLog(input.rsub(1)).sub(clampedLog(input)))) : null,
  ], [input, target]);
  return reduce(elementwise, reduction);
}

/** log(1 + exp(-x)), stable for large |x|. */
function softplusOfNegative(x: Tensor): Tensor {
  return x.abs().neg().exp().log1p().add(x.neg().clamp(0));
}

/**
 * `F.binary_cross_entropy_with_logits(input, target, {weight, posWeight, reduction})`:
 * loss = (1 - t) x + (1 + (posWeight - 1) t) log(1 + exp(-x)), times weight.
 */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, options: BinaryCrossEntropyWithLogitsOptions = {}): Tensor {
  const reduction = checkReduction("binary_cross_entropy_with_logits", options.reduction ?? "mean");
  if (!sameShape(input.shape, target.shape)) {
    throw new ShapeError(`binary_cross_entropy_with_logits: Target size (${shapeToString(target.shape)}) must be the same as input size (${shapeToString(input.shape)})`);
  }
  const weight = options.weight ?? null;
  const posWeight = options.posWeight ?? null;
  const scaled = (t: Tensor) => (weight ? t.mul(weight) : t);
  // the factor on the log(1 + exp(-x)) term: 1, or 1 + (posWeight - 1) t
  const logFactor = () => (posWeight ? posWeight.sub(1).mul(target).add(1) : null);
  const loss = noGrad(() => {
    const sp = softplusOfNegative(input);
    const factor = logFactor();
    return scaled(target.rsub(1).mul(input).add(factor ? factor.mul(sp) : sp));
  });
  const elementwise = record("BinaryCrossEntropyWithLogitsBackward0", [input, target], loss, ([g]) => {
    const factor = logFactor();
    const sig = input.sigmoid();
    // d/dx = factor sigmoid(x) - posWeight t;  d/dt = -x + (posWeight - 1) log(1 + exp(-x))
    const dx = factor ? factor.mul(sig).sub(posWeight!.mul(target)) : sig.sub(target);
    const dt = posWeight ? posWeight.sub(1).mul(softplusOfNegative(input)).sub(input) : input.neg();
    return [input.requiresGrad ? scaled(g!.mul(dx)) : null, target.requiresGrad ? scaled(g!.mul(dt)) : null];
  }, [input, target]);
  return reduce(elementwise, reduction);
}
