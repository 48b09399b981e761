import * as F from "../functional/index.js";
import type { Reduction } from "../functional/index.js";
import type { Tensor } from "../../tensor.js";
import { Module } from "../module.js";

/**
 * Loss modules (PyTorch's `nn.*Loss`): options are fixed at construction
 * and `call(input, target)` computes the loss. Class weights are buffers
 * named `weight` / `pos_weight`, so they appear in state dicts as in PyTorch.
 */

export interface ReductionOptions {
  /** "mean" (default), "sum", or "none" for per-element losses. */
  reduction?: Reduction;
}

/** Base of every loss: the reduction, "mean" by default (PyTorch's `_Loss`). */
export abstract class Loss extends Module {
  readonly reduction: Reduction;

  constructor(reduction: Reduction | undefined) {
    super();
    this.reduction = reduction ?? "mean";
  }
}

/** Base of losses with an optional class-weight buffer (PyTorch's `_WeightedLoss`). */
abstract class WeightedLoss extends Loss {
  constructor(weight: Tensor | null | undefined, reduction: Reduction | undefined) {
    super(reduction);
    this.registerBuffer("weight", weight ?? null);
  }

  /** The class weights, or null. */
  get weight(): Tensor | null {
    return ((this as Record<string, unknown>)["weight"] as Tensor | null | undefined) ?? null;
  }
}

/**
 * Mean squared error (PyTorch's `nn.MSELoss`).
 *
 * @example
 * ```ts
 * const loss = new nn.MSELoss().call(prediction, target);
 * ```
 */
export class MSELoss extends Loss {
  constructor(options: ReductionOptions = {}) {
    super(options.reduction);
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.mseLoss(input, target, { reduction: this.reduction });
  }
}

/** Mean absolute error (PyTorch's `nn.L1Loss`). */
export class L1Loss extends Loss {
  constructor(options: ReductionOptions = {}) {
    super(options.reduction);
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.l1Loss(input, target, { reduction: this.reduction });
  }
}

/** Quadratic below `beta`, linear above (PyTorch's `nn.SmoothL1Loss`). */
export class SmoothL1Loss extends Loss {
  readonly beta: number;
  constructor(options: ReductionOptions & { beta?: number } = {}) {
    super(options.reduction);
    this.beta = options.beta ?? 1;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.smoothL1Loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}

export interface NLLLossOptions extends ReductionOptions {
  /** Per-class weights [C]. */
  weight?: Tensor | null;
  /** Targets equal to this are skipped. Default -100. */
  ignoreIndex?: number;
}

/** Negative log likelihood of log-probabilities (PyTorch's `nn.NLLLoss`). */
export class NLLLoss extends WeightedLoss {
  readonly ignoreIndex: number;
  constructor(options: NLLLossOptions = {}) {
    super(options.weight, options.reduction);
    this.ignoreIndex = options.ignoreIndex ?? -100;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.nllLoss(input, target, { weight: this.weight, ignoreIndex: this.ignoreIndex, reduction: this.reduction });
  }
}

/**
 * Cross entropy between logits and class indices (or class probabilities)
 * (PyTorch's `nn.CrossEntropyLoss`).
 *
 * @example
 * ```ts
 * const criterion = new nn.CrossEntropyLoss({ labelSmoothing: 0.1 });
 * const loss = criterion.call(logits, labels); // logits [N, C], labels [N] (int64)
 * ```
 */
export class CrossEntropyLoss extends WeightedLoss {
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;
  constructor(options: NLLLossOptions & { labelSmoothing?: number } = {}) {
    super(options.weight, options.reduction);
    this.ignoreIndex = options.ignoreIndex ?? -100;
    this.labelSmoothing = options.labelSmoothing ?? 0;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.crossEntropy(input, target, {
      weight: this.weight, ignoreIndex: this.ignoreIndex, reduction: this.reduction, labelSmoothing: this.labelSmoothing,
    });
  }
}

/** Binary cross entropy of probabilities (PyTorch's `nn.BCELoss`). */
export class BCELoss extends WeightedLoss {
  constructor(options: ReductionOptions & { weight?: Tensor | null } = {}) {
    super(options.weight, options.reduction);
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/**
 * Sigmoid plus binary cross entropy in one stable step (PyTorch's
 * `nn.BCEWithLogitsLoss`); `posWeight` weights the positive class.
 */
export class BCEWithLogitsLoss extends WeightedLoss {
  constructor(options: ReductionOptions & { weight?: Tensor | null; posWeight?: Tensor | null } = {}) {
    super(options.weight, options.reduction);
    this.registerBuffer("pos_weight", options.posWeight ?? null);
  }

  get posWeight(): Tensor | null {
    return ((this as Record<string, unknown>)["pos_weight"] as Tensor | null | undefined) ?? null;
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropyWithLogits(input, target, { weight: this.weight, posWeight: this.posWeight, reduction: this.reduction });
  }
}
