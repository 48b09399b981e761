import * as F from "../functional/index.js";
import { ShapeError } from "../../errors.js";
import { ones, tensor, zeros } from "../../ops/creation.js";
import type { Tensor } from "../../tensor.js";
import * as init from "../init/index.js";
import { Module } from "../module.js";
import { pyFloat, pyValue } from "../module-repr.js";
import type { Parameter } from "../parameter.js";
import { emptyParameter, factoryKwargs, type FactoryOptions } from "./factory.js";

export interface InstanceNormOptions extends FactoryOptions {
  /** Default 1e-5. */
  eps?: number;
  /** Default 0.1. */
  momentum?: number;
  /** Learnable per-channel scale and shift. Default false. */
  affine?: boolean;
  /** Keep running statistics and use them in eval mode. Default false. */
  trackRunningStats?: boolean;
}

/**
 * Instance normalisation (PyTorch's `_InstanceNorm`): each sample's channels
 * are normalised over their own spatial extent. `weight`/`bias` exist with
 * `affine`, the buffers `running_mean`, `running_var`, `num_batches_tracked`
 * with `trackRunningStats`, as in PyTorch.
 */
abstract class InstanceNormBase extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  /** Spatial dims of an unbatched input. */
  protected abstract readonly spatialDims: number;

  constructor(numFeatures: number, options: InstanceNormOptions) {
    super();
    this.numFeatures = numFeatures;
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum ?? 0.1;
    this.affine = options.affine ?? false;
    this.trackRunningStats = options.trackRunningStats ?? false;
    this.weight = this.affine ? emptyParameter([numFeatures], options) : null;
    this.bias = this.affine ? emptyParameter([numFeatures], options) : null;
    const factory = factoryKwargs(options);
    const track = this.trackRunningStats;
    this.registerBuffer("running_mean", track ? zeros([numFeatures], factory) : null);
    this.registerBuffer("running_var", track ? ones([numFeatures], factory) : null);
    this.registerBuffer("num_batches_tracked", track ? tensor(0, { ...factory, dtype: "int64" }) : null);
    if (this.weight) init.ones_(this.weight);
    if (this.bias) init.zeros_(this.bias);
  }

  #buffer(name: string): Tensor | null {
    return ((this as Record<string, unknown>)[name] as Tensor | null | undefined) ?? null;
  }

  override forward(input: Tensor): Tensor {
    const name = this.constructor.name;
    const unbatchedRank = this.spatialDims + 1;
    if (input.ndim !== unbatchedRank && input.ndim !== unbatchedRank + 1) {
      throw new ShapeError(`${name}: expected ${unbatchedRank}D or ${unbatchedRank + 1}D input (got ${input.ndim}D input)`);
    }
    const featureDim = input.ndim - unbatchedRank;
    if (this.affine && input.shape[featureDim] !== this.numFeatures) {
      throw new ShapeError(`${name}: expected input's size at dim=${featureDim} to match num_features (${this.numFeatures}), but got: ${input.shape[featureDim]}.`);
    }
    const batched = input.ndim === unbatchedRank + 1 ? input : input.unsqueeze(0);
    const out = F.instanceNorm(batched, {
      runningMean: this.#buffer("running_mean"), runningVar: this.#buffer("running_var"), weight: this.weight, bias: this.bias,
      useInputStats: this.training || !this.trackRunningStats, momentum: this.momentum, eps: this.eps,
    });
    return batched === input ? out : out.squeeze(0);
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${pyFloat(this.momentum)}, affine=${pyValue(this.affine)}, track_running_stats=${pyValue(this.trackRunningStats)}`;
  }
}

/** Instance norm of [N, C, L] or [C, L] (PyTorch's `nn.InstanceNorm1d`). */
export class InstanceNorm1d extends InstanceNormBase {
  protected readonly spatialDims = 1;
  constructor(numFeatures: number, options: InstanceNormOptions = {}) {
    super(numFeatures, options);
  }
}

/**
 * Instance norm of [N, C, H, W] or [C, H, W] (PyTorch's `nn.InstanceNorm2d`).
 *
 * @example
 * ```ts
 * const norm = new nn.InstanceNorm2d(64, { affine: true });
 * ```
 */
export class InstanceNorm2d extends InstanceNormBase {
  protected readonly spatialDims = 2;
  constructor(numFeatures: number, options: InstanceNormOptions = {}) {
    super(numFeatures, options);
  }
}

/** Instance norm of [N, C, D, H, W] or [C, D, H, W] (PyTorch's `nn.InstanceNorm3d`). */
export class InstanceNorm3d extends InstanceNormBase {
  protected readonly spatialDims = 3;
  constructor(numFeatures: number, options: InstanceNormOptions = {}) {
    super(numFeatures, options);
  }
}

/**
 * Local response normalisation across channels (PyTorch's `nn.LocalResponseNorm`).
 *
 * @example
 * ```ts
 * new nn.LocalResponseNorm(5, { alpha: 1e-4, beta: 0.75, k: 2 });
 * ```
 */
export class LocalResponseNorm extends Module {
  readonly alpha: number;
  readonly beta: number;
  readonly k: number;

  constructor(readonly size: number, options: { alpha?: number; beta?: number; k?: number } = {}) {
    super();
    this.alpha = options.alpha ?? 1e-4;
    this.beta = options.beta ?? 0.75;
    this.k = options.k ?? 1;
  }

  override forward(input: Tensor): Tensor {
    return F.localResponseNorm(input, this.size, { alpha: this.alpha, beta: this.beta, k: this.k });
  }

  override extraRepr(): string {
    return `${this.size}, alpha=${pyFloat(this.alpha)}, beta=${pyFloat(this.beta)}, k=${pyFloat(this.k)}`;
  }
}
