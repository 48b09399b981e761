import { isFloatingPoint } from "../../dtype.js";
import { DTypeError, ShapeError } from "../../errors.js";
import { where } from "../../ops/unary.js";
import { shapeToString } from "../../shape.js";
import type { Tensor } from "../../tensor.js";
import { pairwiseDistance } from "./distance.js";
import { checkReduction, reduce, type Reduction } from "./reduction.js";

/**
 * Losses over pairs and triplets of embeddings and over distributions:
 * cosine embedding, margin ranking, triplet margin, and KL divergence.
 */

export interface MarginLossOptions {
  /** Default 0. */
  margin?: number;
  reduction?: Reduction;
}

export interface TripletMarginLossOptions {
  /** Default 1. */
  margin?: number;
  /** Norm degree of the distances. Default 2. */
  p?: number;
  /** Default 1e-6. */
  eps?: number;
  /** Use the smaller of d(anchor, negative) and d(positive, negative). Default false. */
  swap?: boolean;
  reduction?: Reduction;
}

export interface KlDivOptions {
  /** "mean" (default, over elements), "batchmean" (sum / batch size: the true KL divergence), "sum" or "none". */
  reduction?: Reduction | "batchmean";
  /** The target holds log-probabilities. Default false. */
  logTarget?: boolean;
}

/** 1 − cos(x1, x2) for pairs labelled 1, max(0, cos − margin) for pairs labelled −1 (PyTorch's `F.cosine_embedding_loss`). */
export function cosineEmbeddingLoss(x1: Tensor, x2: Tensor, target: Tensor, options: MarginLossOptions = {}): Tensor {
  const reduction = checkReduction("cosine_embedding_loss", options.reduction ?? "mean");
  const margin = options.margin ?? 0;
  const d = target.ndim;
  if (d > 1 || x1.ndim !== d + 1 || x2.ndim !== d + 1) {
    throw new ShapeError(
      `cosineEmbeddingLoss: ${d}D target tensor expects ${d + 1}D input tensors, but found inputs with sizes ${shapeToString(x1.shape)} and ${shapeToString(x2.shape)}.`,
    );
  }
  const EPS = 1e-12;
  const dot = x1.mul(x2).sum(d);
  const norms = x1.square().sum(d).add(EPS).mul(x2.square().sum(d).add(EPS)).sqrt();
  const cos = dot.div(norms);
  const positive = where(target.eq(1), cos.neg().add(1), 0);
  const negative = where(target.eq(-1), cos.sub(margin).clamp(0), 0);
  return reduce(positive.add(negative), reduction);
}

/** max(0, −y (x1 − x2) + margin) (PyTorch's `F.margin_ranking_loss`). */
export function marginRankingLoss(input1: Tensor, input2: Tensor, target: Tensor, options: MarginLossOptions = {}): Tensor {
  const reduction = checkReduction("margin_ranking_loss", options.reduction ?? "mean");
  if (input1.ndim !== input2.ndim || input1.ndim !== target.ndim) {
    throw new ShapeError(
      `marginRankingLoss: All input tensors should have same dimension but got sizes: input1: ${shapeToString(input1.shape)}, input2: ${shapeToString(input2.shape)}, target: ${shapeToString(target.shape)}`,
    );
  }
  return reduce(target.neg().mul(input1.sub(input2)).add(options.margin ?? 0).clamp(0), reduction);
}

/** max(0, d(a, p) − d(a, n) + margin) with p-norm distances (PyTorch's `F.triplet_margin_loss`). */
export function tripletMarginLoss(anchor: Tensor, positive: Tensor, negative: Tensor, options: TripletMarginLossOptions = {}): Tensor {
  const reduction = checkReduction("triplet_margin_loss", options.reduction ?? "mean");
  const { margin = 1, p = 2, eps = 1e-6, swap = false } = options;
  const dims = [anchor.ndim, positive.ndim, negative.ndim];
  if (!(dims[0] === dims[1] && dims[1] === dims[2]) || (dims[0] !== 1 && dims[0] !== 2)) {
    throw new ShapeError(
      `tripletMarginLoss: The anchor, positive, and negative tensors are expected to have the same number of dimensions (1 or 2), but got: anchor ${shapeToString(anchor.shape)}, positive ${shapeToString(positive.shape)}, and negative ${shapeToString(negative.shape)}`,
    );
  }
  const distance = (a: Tensor, b: Tensor) => pairwiseDistance(a, b, { p, eps });
  const dPos = distance(anchor, positive);
  let dNeg = distance(anchor, negative);
  if (swap) dNeg = dNeg.minimum(distance(positive, negative));
  return reduce(dPos.sub(dNeg).add(margin).clamp(0), reduction);
}

/**
 * KL divergence of `target` from the distribution whose log-probabilities are
 * `input` (PyTorch's `F.kl_div`): target · (log target − input), with
 * 0 · log 0 = 0. As in PyTorch, a zero target's own gradient is NaN (log 0).
 */
export function klDiv(input: Tensor, target: Tensor, options: KlDivOptions = {}): Tensor {
  const reduction = options.reduction ?? "mean";
  if (reduction !== "batchmean") checkReduction("kl_div", reduction);
  if (!isFloatingPoint(input.dtype) || !isFloatingPoint(target.dtype)) {
    throw new DTypeError(`klDiv: expected floating-point input and target, got ${input.dtype} and ${target.dtype}`);
  }
  const pointwise = options.logTarget
    ? target.exp().mul(target.sub(input))
    : where(target.eq(0), 0, target.mul(target.log())).sub(target.mul(input));
  if (reduction === "batchmean") return input.ndim === 0 ? pointwise.sum() : pointwise.sum().div(input.shape[0]!);
  return reduce(pointwise, reduction);
}
