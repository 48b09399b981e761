import * as F from "../functional/index.js";
import { noGrad } from "../../autograd/grad-mode.js";
import { ShapeError } from "../../errors.js";
import { ones, tensor, zeros } from "../../ops/creation.js";
import type { Tensor } from "../../tensor.js";
import * as init from "../init/index.js";
import { Module, type LoadReport } from "../module.js";
import { pyFloat, pyValue } from "../module-repr.js";
import type { Parameter } from "../parameter.js";
import { emptyParameter, factoryKwargs, type FactoryOptions } from "./factory.js";

export interface BatchNormOptions extends FactoryOptions {
  /** Default 1e-5. */
  eps?: number;
  /** Weight of the new batch in the running statistics; null for a cumulative average. Default 0.1. */
  momentum?: number | null;
  /** Learnable per-channel scale and shift. Default true. */
  affine?: boolean;
  /** Keep running statistics for evaluation (otherwise batch statistics are always used). Default true. */
  trackRunningStats?: boolean;
}

/**
 * Batch normalisation over the channel dim (PyTorch's `_BatchNorm`). The
 * running statistics are buffers with PyTorch's state-dict names
 * (`running_mean`, `running_var`, `num_batches_tracked` as int64), readable
 * as `runningMean`, `runningVar`, `numBatchesTracked`.
 */
abstract class BatchNormBase extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(numFeatures: number, options: BatchNormOptions) {
    super();
    this.numFeatures = numFeatures;
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum === undefined ? 0.1 : options.momentum;
    this.affine = options.affine ?? true;
    this.trackRunningStats = options.trackRunningStats ?? true;
    this.weight = this.affine ? emptyParameter([numFeatures], options) : null;
    this.bias = this.affine ? emptyParameter([numFeatures], options) : null;
    const factory = factoryKwargs(options);
    const track = this.trackRunningStats;
    this.registerBuffer("running_mean", track ? zeros([numFeatures], factory) : null);
    this.registerBuffer("running_var", track ? ones([numFeatures], factory) : null);
    this.registerBuffer("num_batches_tracked", track ? tensor(0, { ...factoryKwargs(options), dtype: "int64" }) : null);
    this.resetParameters();
  }

  get runningMean(): Tensor | null {
    return this.#buffer("running_mean");
  }
  set runningMean(t: Tensor | null) {
    this.registerBuffer("running_mean", t);
  }
  get runningVar(): Tensor | null {
    return this.#buffer("running_var");
  }
  set runningVar(t: Tensor | null) {
    this.registerBuffer("running_var", t);
  }
  get numBatchesTracked(): Tensor | null {
    return this.#buffer("num_batches_tracked");
  }
  set numBatchesTracked(t: Tensor | null) {
    this.registerBuffer("num_batches_tracked", t);
  }

  #buffer(name: string): Tensor | null {
    return ((this as Record<string, unknown>)[name] as Tensor | null | undefined) ?? null;
  }

  /** Running statistics back to mean 0, variance 1, no batches seen. */
  resetRunningStats(): void {
    if (!this.trackRunningStats) return;
    init.zeros_(this.runningMean!);
    init.ones_(this.runningVar!);
    init.zeros_(this.numBatchesTracked!);
  }

  resetParameters(): void {
    this.resetRunningStats();
    if (this.weight) init.ones_(this.weight);
    if (this.bias) init.zeros_(this.bias);
  }

  protected abstract checkInputDim(input: Tensor): void;

  override forward(input: Tensor): Tensor {
    this.checkInputDim(input);
    let factor: number | Tensor = this.momentum ?? 0;
    if (this.training && this.trackRunningStats && this.numBatchesTracked) {
      this.numBatchesTracked.add_(1);
      if (this.momentum === null) factor = this.cumulativeFactor(this.numBatchesTracked);
    }
    const useBatchStats = this.training || (this.runningMean === null && this.runningVar === null);
    const useRunning = !this.training || this.trackRunningStats;
    return F.batchNorm(input, useRunning ? this.runningMean : null, useRunning ? this.runningVar : null, {
      weight: this.weight, bias: this.bias, training: useBatchStats, momentum: factor, eps: this.eps,
    });
  }

  /**
   * The cumulative average's weight of this batch, 1 / batches seen: a number
   * where the count reads back synchronously (as PyTorch reads it), else a
   * 0-dim tensor computed on the device, so a GPU is never waited for.
   */
  private cumulativeFactor(count: Tensor): number | Tensor {
    if (count.storage.backend.allocator.readSync) return 1 / count.item();
    return noGrad(() => count.to(this.runningMean?.dtype ?? "float32").reciprocal());
  }

  /** Checkpoints from before `num_batches_tracked` existed (or rebuilt without it) load with a count of 0, as PyTorch allows. */
  protected override loadFromStateDict(stateDict: Record<string, unknown>, prefix: string, strict: boolean, report: LoadReport): void {
    const key = `${prefix}num_batches_tracked`;
    if (this.trackRunningStats && !(key in stateDict)) stateDict[key] = tensor(0, { dtype: "int64" });
    super.loadFromStateDict(stateDict, prefix, strict, report);
  }

  override extraRepr(): string {
    const momentum = this.momentum === null ? "None" : pyFloat(this.momentum);
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${momentum}, affine=${pyValue(this.affine)}, track_running_stats=${pyValue(this.trackRunningStats)}`;
  }
}

/**
 * Batch normalisation of [N, C] or [N, C, L] input (PyTorch's `nn.BatchNorm1d`).
 *
 * @example
 * ```ts
 * const bn = new nn.BatchNorm1d(100);
 * bn.call(torch.randn([20, 100]));
 * ```
 */
export class BatchNorm1d extends BatchNormBase {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super(numFeatures, options);
  }

  protected checkInputDim(input: Tensor): void {
    if (input.ndim !== 2 && input.ndim !== 3) throw new ShapeError(`BatchNorm1d: expected 2D or 3D input (got ${input.ndim}D input)`);
  }
}

/**
 * Batch normalisation of [N, C, H, W] input (PyTorch's `nn.BatchNorm2d`).
 * In training mode it normalises with batch statistics and updates the
 * running ones; after `eval()` it uses the running ones.
 *
 * @example
 * ```ts
 * const bn = new nn.BatchNorm2d(16, { momentum: 0.1 });
 * Object.keys(bn.stateDict()); // ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]
 * ```
 */
export class BatchNorm2d extends BatchNormBase {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super(numFeatures, options);
  }

  protected checkInputDim(input: Tensor): void {
    if (input.ndim !== 4) throw new ShapeError(`BatchNorm2d: expected 4D input (got ${input.ndim}D input)`);
  }
}
