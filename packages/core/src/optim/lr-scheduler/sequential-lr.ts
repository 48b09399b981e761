import { TaimatsuError } from "../../errors.js";
import type { AnyOptimizer, LRScheduler, SchedulerLike } from "./lr-scheduler.js";

/** Python's `bisect_right`: how many sorted entries are <= value. */
function bisectRight(sorted: readonly number[], value: number): number {
  let n = 0;
  while (n < sorted.length && sorted[n]! <= value) n++;
  return n;
}

/**
 * Runs schedulers one after another, switching at each milestone epoch
 * (PyTorch's `SequentialLR`): the scheduler taking over restarts from its
 * epoch 0.
 *
 * @example
 * ```ts
 * const warmup = new optim.lrScheduler.LinearLR(opt, { startFactor: 0.1, totalIters: 5 });
 * const decay = new optim.lrScheduler.ExponentialLR(opt, 0.9);
 * const sched = new optim.lrScheduler.SequentialLR(opt, [warmup, decay], [5]);
 * ```
 */
export class SequentialLR implements SchedulerLike {
  readonly optimizer: AnyOptimizer;
  readonly schedulers: LRScheduler[];
  milestones: number[];
  lastEpoch: number;
  protected lastLr: number[];

  constructor(optimizer: AnyOptimizer, schedulers: LRScheduler[], milestones: number[], options: { lastEpoch?: number } = {}) {
    schedulers.forEach((s, i) => {
      if (s.optimizer !== optimizer) {
        throw new TaimatsuError(`SequentialLR: Sequential Schedulers expects all schedulers to belong to the same optimizer, but got schedulers at index ${i} to be different than the optimizer passed in.`);
      }
    });
    if (milestones.length !== schedulers.length - 1) {
      throw new RangeError(
        "SequentialLR: Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, " +
          `but got number of schedulers ${schedulers.length} and the number of milestones to be equal to ${milestones.length}`,
      );
    }
    this.optimizer = optimizer;
    this.schedulers = schedulers;
    this.milestones = [...milestones];
    this.lastEpoch = (options.lastEpoch ?? -1) + 1;
    // every scheduler already stepped once on construction: undo that, then start only the first
    for (const group of optimizer.paramGroups) group.lr = group.initialLr as number;
    for (const s of schedulers) s.lastEpoch -= 1;
    schedulers[0]!.initialStep();
    this.lastLr = schedulers[0]!.getLastLr();
  }

  step(): void {
    this.lastEpoch += 1;
    const idx = bisectRight(this.milestones, this.lastEpoch);
    const scheduler = this.schedulers[idx]!;
    if (idx > 0 && this.milestones[idx - 1] === this.lastEpoch) scheduler.step(0);
    else scheduler.step();
    this.lastLr = scheduler.getLastLr();
  }

  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** PyTorch's keys, with each inner scheduler's state dict under `_schedulers`. */
  stateDict(): Record<string, unknown> {
    return {
      _milestones: [...this.milestones],
      last_epoch: this.lastEpoch,
      _last_lr: [...this.lastLr],
      _schedulers: this.schedulers.map((s) => s.stateDict()),
    };
  }

  loadStateDict(stateDict: Record<string, unknown>): void {
    if (Array.isArray(stateDict._milestones)) this.milestones = [...(stateDict._milestones as number[])];
    if (typeof stateDict.last_epoch === "number") this.lastEpoch = stateDict.last_epoch;
    if (Array.isArray(stateDict._last_lr)) this.lastLr = [...(stateDict._last_lr as number[])];
    const inner = stateDict._schedulers;
    if (Array.isArray(inner)) inner.forEach((s, i) => this.schedulers[i]?.loadStateDict(s as Record<string, unknown>));
  }
}
