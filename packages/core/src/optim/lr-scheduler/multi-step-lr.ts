import { LRScheduler, type AnyOptimizer, type SchedulerOptions } from "./lr-scheduler.js";

/**
 * Multiplies the learning rate by `gamma` at each milestone epoch (PyTorch's
 * `MultiStepLR`; a milestone listed twice applies `gamma` twice).
 *
 * @example
 * ```ts
 * const sched = new optim.lrScheduler.MultiStepLR(opt, [30, 80], { gamma: 0.1 });
 * ```
 */
export class MultiStepLR extends LRScheduler {
  /** Milestone epoch -> how many times it was listed (Python's Counter). */
  milestones: Map<number, number>;
  gamma: number;
  protected readonly stateFields = [["milestones", "milestones"], ["gamma", "gamma"]] as const;

  constructor(optimizer: AnyOptimizer, milestones: Iterable<number>, options: SchedulerOptions & { gamma?: number } = {}) {
    super(optimizer, options);
    this.milestones = new Map();
    for (const m of milestones) this.milestones.set(m, (this.milestones.get(m) ?? 0) + 1);
    this.gamma = options.gamma ?? 0.1;
    this.initialStep();
  }

  protected getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    const count = this.milestones.get(this.lastEpoch);
    if (count === undefined) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma ** count);
  }

  protected override closedFormLr(): number[] {
    let passed = 0;
    for (const [m, count] of this.milestones) if (m <= this.lastEpoch) passed += count;
    return this.baseLrs.map((lr) => lr * this.gamma ** passed);
  }

  override stateDict(): Record<string, unknown> {
    // a Counter pickles as a dict from milestone to count
    return { ...super.stateDict(), milestones: Object.fromEntries(this.milestones) };
  }

  protected override importField(key: string, value: unknown): unknown {
    if (key !== "milestones") return super.importField(key, value);
    const entries = value instanceof Map ? [...value] : Object.entries(value as Record<string, number>);
    return new Map(entries.map(([m, c]) => [Number(m), Number(c)]));
  }
}
