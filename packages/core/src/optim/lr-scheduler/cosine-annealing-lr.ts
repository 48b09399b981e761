import { LRScheduler, type AnyOptimizer, type SchedulerOptions } from "./lr-scheduler.js";

/** Python's `%`, whose result takes the divisor's sign. */
function floorMod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

/**
 * Cosine annealing from the base lr down to `etaMin` over `tMax` epochs
 * (PyTorch's `CosineAnnealingLR`, including its recursive form, which keeps
 * following the cosine when other code changes the lr, and its restart past
 * `tMax`).
 *
 * @example
 * ```ts
 * const sched = new optim.lrScheduler.CosineAnnealingLR(opt, 100, { etaMin: 1e-5 });
 * ```
 */
export class CosineAnnealingLR extends LRScheduler {
  tMax: number;
  etaMin: number;
  protected readonly stateFields = [["T_max", "tMax"], ["eta_min", "etaMin"]] as const;

  constructor(optimizer: AnyOptimizer, tMax: number, options: SchedulerOptions & { etaMin?: number } = {}) {
    super(optimizer, options);
    this.tMax = tMax;
    this.etaMin = options.etaMin ?? 0;
    this.initialStep();
  }

  protected getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    const { lastEpoch: e, tMax: T, etaMin } = this;
    if (e === 0) return groups.map((g) => g.lr);
    if (this.stepCount === 1 && e > 0) {
      return this.baseLrs.map((base) => etaMin + ((base - etaMin) * (1 + Math.cos((e * Math.PI) / T))) / 2);
    }
    if (floorMod(e - 1 - T, 2 * T) === 0) {
      return groups.map((g, i) => g.lr + ((this.baseLrs[i]! - etaMin) * (1 - Math.cos(Math.PI / T))) / 2);
    }
    return groups.map((g) => ((1 + Math.cos((Math.PI * e) / T)) / (1 + Math.cos((Math.PI * (e - 1)) / T))) * (g.lr - etaMin) + etaMin);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((base) => this.etaMin + ((base - this.etaMin) * (1 + Math.cos((Math.PI * this.lastEpoch) / this.tMax))) / 2);
  }
}
