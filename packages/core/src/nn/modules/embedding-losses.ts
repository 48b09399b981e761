import * as F from "../functional/index.js";
import type { KlDivOptions, Reduction, TripletMarginLossOptions } from "../functional/index.js";
import type { Tensor } from "../../tensor.js";
import { Module } from "../module.js";
import { Loss, type ReductionOptions } from "./loss.js";

/**
 * Losses over embeddings and distributions, and the similarity modules
 * (PyTorch's `nn.KLDivLoss`, `nn.HuberLoss`, `nn.CosineEmbeddingLoss`,
 * `nn.MarginRankingLoss`, `nn.TripletMarginLoss`, `nn.CosineSimilarity`,
 * `nn.PairwiseDistance`).
 */

/**
 * KL divergence (PyTorch's `nn.KLDivLoss`); `input` holds log-probabilities.
 *
 * @example
 * ```ts
 * const kl = new nn.KLDivLoss({ reduction: "batchmean" });
 * kl.call(F.logSoftmax(logits, 1), targetProbabilities);
 * ```
 */
export class KLDivLoss extends Module {
  readonly reduction: Reduction | "batchmean";
  readonly logTarget: boolean;

  constructor(options: KlDivOptions = {}) {
    super();
    this.reduction = options.reduction ?? "mean";
    this.logTarget = options.logTarget ?? false;
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.klDiv(input, target, { reduction: this.reduction, logTarget: this.logTarget });
  }
}

/** Huber loss: quadratic below `delta`, linear above (PyTorch's `nn.HuberLoss`). */
export class HuberLoss extends Loss {
  readonly delta: number;

  constructor(options: ReductionOptions & { delta?: number } = {}) {
    super(options.reduction);
    this.delta = options.delta ?? 1;
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.huberLoss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}

/** 1 − cos for similar pairs (y = 1), max(0, cos − margin) for dissimilar ones (y = −1) (PyTorch's `nn.CosineEmbeddingLoss`). */
export class CosineEmbeddingLoss extends Loss {
  readonly margin: number;

  constructor(options: ReductionOptions & { margin?: number } = {}) {
    super(options.reduction);
    this.margin = options.margin ?? 0;
  }

  override forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.cosineEmbeddingLoss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}

/** max(0, −y (x1 − x2) + margin) (PyTorch's `nn.MarginRankingLoss`). */
export class MarginRankingLoss extends Loss {
  readonly margin: number;

  constructor(options: ReductionOptions & { margin?: number } = {}) {
    super(options.reduction);
    this.margin = options.margin ?? 0;
  }

  override forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.marginRankingLoss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}

/** max(0, d(a, p) − d(a, n) + margin) (PyTorch's `nn.TripletMarginLoss`). */
export class TripletMarginLoss extends Loss {
  readonly margin: number;
  readonly p: number;
  readonly eps: number;
  readonly swap: boolean;

  constructor(options: TripletMarginLossOptions = {}) {
    super(options.reduction);
    this.margin = options.margin ?? 1;
    this.p = options.p ?? 2;
    this.eps = options.eps ?? 1e-6;
    this.swap = options.swap ?? false;
  }

  override forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return F.tripletMarginLoss(anchor, positive, negative, { margin: this.margin, p: this.p, eps: this.eps, swap: this.swap, reduction: this.reduction });
  }
}

/** Cosine similarity along `dim` (PyTorch's `nn.CosineSimilarity`). */
export class CosineSimilarity extends Module {
  readonly dim: number;
  readonly eps: number;

  constructor(options: { dim?: number; eps?: number } = {}) {
    super();
    this.dim = options.dim ?? 1;
    this.eps = options.eps ?? 1e-8;
  }

  override forward(x1: Tensor, x2: Tensor): Tensor {
    return F.cosineSimilarity(x1, x2, { dim: this.dim, eps: this.eps });
  }
}

/** p-norm distance of x1 − x2 along the last dim (PyTorch's `nn.PairwiseDistance`). */
export class PairwiseDistance extends Module {
  readonly norm: number;
  readonly eps: number;
  readonly keepdim: boolean;

  constructor(options: { p?: number; eps?: number; keepdim?: boolean } = {}) {
    super();
    this.norm = options.p ?? 2;
    this.eps = options.eps ?? 1e-6;
    this.keepdim = options.keepdim ?? false;
  }

  override forward(x1: Tensor, x2: Tensor): Tensor {
    return F.pairwiseDistance(x1, x2, { p: this.norm, eps: this.eps, keepdim: this.keepdim });
  }
}
