import { LRScheduler, type AnyOptimizer, type SchedulerOptions } from "./lr-scheduler.js";

export interface ConstantLROptions extends SchedulerOptions {
  /** Factor applied until `totalIters`, in [0, 1]. Default 1/3. */
  factor?: number;
  /** Default 5. */
  totalIters?: number;
}

/**
 * Scales the learning rate by a constant `factor` for the first
 * `totalIters` epochs (PyTorch's `ConstantLR`); often the first stage of a
 * `SequentialLR`.
 *
 * @example
 * ```ts
 * const warm = new optim.lrScheduler.ConstantLR(opt, { factor: 0.5, totalIters: 4 });
 * ```
 */
export class ConstantLR extends LRScheduler {
  factor: number;
  totalIters: number;
  protected readonly stateFields = [["factor", "factor"], ["total_iters", "totalIters"]] as const;

  constructor(optimizer: AnyOptimizer, options: ConstantLROptions = {}) {
    const { factor = 1 / 3, totalIters = 5 } = options;
    if (factor > 1 || factor < 0) throw new RangeError(`ConstantLR: Constant multiplicative factor expected to be between 0 and 1 (got ${factor}).`);
    super(optimizer, options);
    this.factor = factor;
    this.totalIters = totalIters;
    this.initialStep();
  }

  protected getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0) return groups.map((g) => g.lr * this.factor);
    if (this.lastEpoch !== this.totalIters) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * (1 / this.factor));
  }

  protected override closedFormLr(): number[] {
    const done = this.lastEpoch >= this.totalIters ? 1 : 0;
    return this.baseLrs.map((lr) => lr * (this.factor + done * (1 - this.factor)));
  }
}
