import { LRScheduler, type AnyOptimizer, type SchedulerOptions } from "./lr-scheduler.js";

/**
 * Multiplies the learning rate by `gamma` every epoch (PyTorch's `ExponentialLR`).
 *
 * @example
 * ```ts
 * const sched = new optim.lrScheduler.ExponentialLR(opt, 0.95);
 * ```
 */
export class ExponentialLR extends LRScheduler {
  gamma: number;
  protected readonly stateFields = [["gamma", "gamma"]] as const;

  constructor(optimizer: AnyOptimizer, gamma: number, options: SchedulerOptions = {}) {
    super(optimizer, options);
    this.gamma = gamma;
    this.initialStep();
  }

  protected getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((lr) => lr * this.gamma ** this.lastEpoch);
  }
}
