import { DeviceError } from "../../errors.js";
import { Tensor } from "../../tensor.js";
import type { AnyOptimizer, SchedulerLike } from "./lr-scheduler.js";
import { pyEpoch, pyExp4 } from "./verbose-log.js";

export interface ReduceLROnPlateauOptions {
  /** Whether the metric should go down ("min", default) or up ("max"). */
  mode?: "min" | "max";
  /** lr *= factor on a plateau; must be < 1. Default 0.1. */
  factor?: number;
  /** Epochs without improvement tolerated before reducing. Default 10. */
  patience?: number;
  /** Minimum change that counts as an improvement. Default 1e-4. */
  threshold?: number;
  /** "rel" (default): relative to the best value; "abs": absolute. */
  thresholdMode?: "rel" | "abs";
  /** Epochs to wait after a reduction before counting again. Default 0. */
  cooldown?: number;
  /** Lower bound on the lr, one for all groups or one per group. Default 0. */
  minLr?: number | number[];
  /** Reductions smaller than this are skipped. Default 1e-8. */
  eps?: number;
  verbose?: boolean;
}

/**
 * Reduces the learning rate when a metric stops improving (PyTorch's
 * `ReduceLROnPlateau`). Pass the metric to `step` each epoch.
 *
 * @example
 * ```ts
 * const sched = new optim.lrScheduler.ReduceLROnPlateau(opt, { mode: "min", patience: 5 });
 * sched.step(validationLoss);
 * await sched.stepAsync(validationLossTensor); // a tensor on a GPU: no synchronous read
 * ```
 */
export class ReduceLROnPlateau implements SchedulerLike {
  readonly optimizer: AnyOptimizer;
  factor: number;
  minLrs: number[];
  patience: number;
  verbose: boolean;
  cooldown: number;
  cooldownCounter = 0;
  mode: "min" | "max";
  threshold: number;
  thresholdMode: "rel" | "abs";
  best: number;
  numBadEpochs = 0;
  modeWorse: number;
  eps: number;
  lastEpoch = 0;
  protected lastLr: number[];

  constructor(optimizer: AnyOptimizer, options: ReduceLROnPlateauOptions = {}) {
    const { mode = "min", factor = 0.1, patience = 10, threshold = 1e-4, thresholdMode = "rel", cooldown = 0, minLr = 0, eps = 1e-8, verbose = false } = options;
    if (factor >= 1) throw new RangeError(`ReduceLROnPlateau: Factor should be < 1.0 (got ${factor}).`);
    this.optimizer = optimizer;
    this.factor = factor;
    const n = optimizer.paramGroups.length;
    if (Array.isArray(minLr) && minLr.length !== n) throw new RangeError(`ReduceLROnPlateau: expected ${n} min_lrs, got ${minLr.length}`);
    this.minLrs = Array.isArray(minLr) ? [...minLr] : Array.from({ length: n }, () => minLr);
    this.patience = patience;
    this.verbose = verbose;
    this.cooldown = cooldown;
    this.mode = mode;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
    this.eps = eps;
    this.modeWorse = this.#initIsBetter();
    this.best = this.modeWorse;
    this.lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  #initIsBetter(): number {
    if (this.mode !== "min" && this.mode !== "max") throw new RangeError(`ReduceLROnPlateau: mode ${String(this.mode)} is unknown!`);
    if (this.thresholdMode !== "rel" && this.thresholdMode !== "abs") throw new RangeError(`ReduceLROnPlateau: threshold mode ${String(this.thresholdMode)} is unknown!`);
    return this.mode === "min" ? Infinity : -Infinity;
  }

  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  isBetter(a: number, best: number): boolean {
    if (this.mode === "min") return this.thresholdMode === "rel" ? a < best * (1 - this.threshold) : a < best - this.threshold;
    return this.thresholdMode === "rel" ? a > best * (this.threshold + 1) : a > best + this.threshold;
  }

  /**
   * Records this epoch's metric: a number, or a one-element tensor read back
   * once (on a backend that reads only asynchronously, use `stepAsync`).
   */
  step(metrics: number | Tensor, epoch?: number): void {
    if (metrics instanceof Tensor && !metrics.storage.backend.allocator.readSync) {
      throw new DeviceError(
        `ReduceLROnPlateau.step: the metric lives on ${metrics.device}, whose ${metrics.storage.backend.name} backend reads only asynchronously; ` +
          "use await scheduler.stepAsync(metric) instead",
      );
    }
    this.#record(metrics instanceof Tensor ? metrics.item() : Number(metrics), epoch);
  }

  /** `step` for a metric tensor on any backend: waits for its value (and for the kernels that compute it). */
  async stepAsync(metrics: number | Tensor, epoch?: number): Promise<void> {
    this.#record(metrics instanceof Tensor ? await metrics.itemAsync() : Number(metrics), epoch);
  }

  #record(current: number, epoch: number | undefined): void {
    this.lastEpoch = epoch ?? this.lastEpoch + 1;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else this.numBadEpochs += 1;
    if (this.inCooldown) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0; // bad epochs during cooldown do not count
    }
    if (this.numBadEpochs > this.patience) {
      this.#reduceLr(this.lastEpoch);
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  #reduceLr(epoch: number): void {
    this.optimizer.paramGroups.forEach((group, i) => {
      const old = group.lr;
      const next = Math.max(old * this.factor, this.minLrs[i]!);
      if (old - next > this.eps) {
        group.lr = next;
        if (this.verbose) console.log(`Epoch ${pyEpoch(epoch)}: reducing learning rate of group ${i} to ${pyExp4(next)}.`);
      }
    });
  }

  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** PyTorch's keys and order (`best` and `mode_worse` may be ±Infinity). */
  stateDict(): Record<string, unknown> {
    return {
      factor: this.factor, min_lrs: [...this.minLrs], patience: this.patience, verbose: this.verbose, cooldown: this.cooldown,
      cooldown_counter: this.cooldownCounter, mode: this.mode, threshold: this.threshold, threshold_mode: this.thresholdMode,
      best: this.best, num_bad_epochs: this.numBadEpochs, mode_worse: this.modeWorse, eps: this.eps, last_epoch: this.lastEpoch,
      _last_lr: [...this.lastLr],
    };
  }

  loadStateDict(stateDict: Record<string, unknown>): void {
    const fields: [string, string][] = [
      ["factor", "factor"], ["min_lrs", "minLrs"], ["patience", "patience"], ["verbose", "verbose"], ["cooldown", "cooldown"],
      ["cooldown_counter", "cooldownCounter"], ["mode", "mode"], ["threshold", "threshold"], ["threshold_mode", "thresholdMode"],
      ["best", "best"], ["num_bad_epochs", "numBadEpochs"], ["mode_worse", "modeWorse"], ["eps", "eps"], ["last_epoch", "lastEpoch"],
      ["_last_lr", "lastLr"],
    ];
    const self = this as unknown as Record<string, unknown>;
    for (const [key, prop] of fields) if (key in stateDict) self[prop] = Array.isArray(stateDict[key]) ? [...(stateDict[key] as unknown[])] : stateDict[key];
    this.modeWorse = this.#initIsBetter();
  }
}
