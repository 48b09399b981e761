import { LRScheduler, type AnyOptimizer, type SchedulerOptions } from "./lr-scheduler.js";

export interface LinearLROptions extends SchedulerOptions {
  /** Factor at epoch 0, in (0, 1]. Default 1/3. */
  startFactor?: number;
  /** Factor from `totalIters` on, in [0, 1]. Default 1. */
  endFactor?: number;
  /** Default 5. */
  totalIters?: number;
}

/**
 * Scales the learning rate by a factor that changes linearly from
 * `startFactor` to `endFactor` over `totalIters` epochs (PyTorch's
 * `LinearLR`), e.g. for warm-up.
 *
 * @example
 * ```ts
 * const warmup = new optim.lrScheduler.LinearLR(opt, { startFactor: 0.1, totalIters: 10 });
 * ```
 */
export class LinearLR extends LRScheduler {
  startFactor: number;
  endFactor: number;
  totalIters: number;
  protected readonly stateFields = [["start_factor", "startFactor"], ["end_factor", "endFactor"], ["total_iters", "totalIters"]] as const;

  constructor(optimizer: AnyOptimizer, options: LinearLROptions = {}) {
    const { startFactor = 1 / 3, endFactor = 1, totalIters = 5 } = options;
    if (startFactor > 1 || startFactor <= 0) throw new RangeError(`LinearLR: Starting multiplicative factor expected to be greater than 0 and less or equal to 1 (got ${startFactor}).`);
    if (endFactor > 1 || endFactor < 0) throw new RangeError(`LinearLR: Ending multiplicative factor expected to be between 0 and 1 (got ${endFactor}).`);
    super(optimizer, options);
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    this.initialStep();
  }

  protected getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    const { startFactor: s, endFactor: f, totalIters: n, lastEpoch: e } = this;
    if (e === 0) return groups.map((g) => g.lr * s);
    if (e > n) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * (1 + (f - s) / (n * s + (e - 1) * (f - s))));
  }

  protected override closedFormLr(): number[] {
    const { startFactor: s, endFactor: f, totalIters: n } = this;
    return this.baseLrs.map((lr) => lr * (s + ((f - s) * Math.min(n, this.lastEpoch)) / n));
  }
}
