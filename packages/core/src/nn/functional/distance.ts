import { isFloatingPoint } from "../../dtype.js";
import { DTypeError, ShapeError } from "../../errors.js";
import { broadcastShapes, shapeToString } from "../../shape.js";
import type { Tensor } from "../../tensor.js";

/**
 * `F.cosineSimilarity` and `F.pairwiseDistance`: similarity and p-norm
 * distance of two batches of vectors along one dim.
 */

export interface CosineSimilarityOptions {
  /** Default 1. */
  dim?: number;
  /** Lower bound of each vector norm. Default 1e-8. */
  eps?: number;
}

export interface PairwiseDistanceOptions {
  /** Norm degree. Default 2. */
  p?: number;
  /** Added to the difference, keeping the norm differentiable at 0. Default 1e-6. */
  eps?: number;
  keepdim?: boolean;
}

function checkFloat(op: string, a: Tensor, b: Tensor): void {
  if (!isFloatingPoint(a.dtype) || a.dtype !== b.dtype) {
    throw new DTypeError(`${op}: expected two floating-point inputs of the same dtype, got ${a.dtype} and ${b.dtype}`);
  }
}

/**
 * Cosine of the angle between `x1` and `x2` along `dim` (PyTorch's
 * `F.cosine_similarity`): each input is divided by its norm (at least
 * `eps`) before the dot product, as PyTorch does.
 */
export function cosineSimilarity(x1: Tensor, x2: Tensor, options: CosineSimilarityOptions = {}): Tensor {
  checkFloat("cosineSimilarity", x1, x2);
  const dim = options.dim ?? 1;
  const eps = options.eps ?? 1e-8;
  const shape = broadcastShapes("cosineSimilarity", x1.shape, x2.shape);
  if (dim < -shape.length || dim >= Math.max(shape.length, 1)) {
    throw new ShapeError(`cosineSimilarity: Dimension out of range (expected to be in range of [${-shape.length}, ${shape.length - 1}], but got ${dim})`);
  }
  const a = x1.expand(shape);
  const b = x2.expand(shape);
  const unit = (t: Tensor) => t.div(t.norm(2, dim, { keepdim: true }).clamp(eps));
  return unit(a).mul(unit(b)).sum(dim);
}

/** ‖x1 − x2 + eps‖_p over the last dim (PyTorch's `F.pairwise_distance`). */
export function pairwiseDistance(x1: Tensor, x2: Tensor, options: PairwiseDistanceOptions = {}): Tensor {
  checkFloat("pairwiseDistance", x1, x2);
  const p = options.p ?? 2;
  const eps = options.eps ?? 1e-6;
  if (p < 0) throw new RangeError(`pairwiseDistance: p must be non-negative, got ${p}`);
  const shape = broadcastShapes("pairwiseDistance", x1.shape, x2.shape);
  if (shape.length === 0) throw new ShapeError(`pairwiseDistance: inputs must have at least one dim, got ${shapeToString(x1.shape)} and ${shapeToString(x2.shape)}`);
  return x1.sub(x2).add(eps).norm(p, -1, { keepdim: options.keepdim ?? false });
}
