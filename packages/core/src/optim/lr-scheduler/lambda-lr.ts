import { LRScheduler, type AnyOptimizer, type SchedulerOptions } from "./lr-scheduler.js";

export type LrLambda = (epoch: number) => number;

/**
 * Sets each group's lr to its base lr times `lrLambda(epoch)` (PyTorch's
 * `LambdaLR`; one function for all groups or one per group). Functions are
 * not saved in state dicts, as in PyTorch.
 *
 * @example
 * ```ts
 * const sched = new optim.lrScheduler.LambdaLR(opt, (epoch) => 0.95 ** epoch);
 * ```
 */
export class LambdaLR extends LRScheduler {
  lrLambdas: LrLambda[];
  protected readonly stateFields = [] as const;

  constructor(optimizer: AnyOptimizer, lrLambda: LrLambda | LrLambda[], options: SchedulerOptions = {}) {
    super(optimizer, options);
    const n = optimizer.paramGroups.length;
    if (Array.isArray(lrLambda) && lrLambda.length !== n) throw new RangeError(`LambdaLR: Expected ${n} lr_lambdas, but got ${lrLambda.length}`);
    this.lrLambdas = Array.isArray(lrLambda) ? [...lrLambda] : Array.from({ length: n }, () => lrLambda);
    this.initialStep();
  }

  protected getLr(): number[] {
    return this.baseLrs.map((lr, i) => lr * this.lrLambdas[i]!(this.lastEpoch));
  }

  override stateDict(): Record<string, unknown> {
    return { ...super.stateDict(), lr_lambdas: this.lrLambdas.map(() => null) };
  }
}
