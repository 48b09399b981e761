import { TaimatsuError } from "../../errors.js";
import { toCamelCase } from "../key-case.js";
import type { ParamGroup } from "../optimizer.js";
import { LRScheduler, type AnyOptimizer, type SchedulerOptions } from "./lr-scheduler.js";

export interface OneCycleLROptions extends SchedulerOptions {
  /** Length of the cycle; or give `epochs` and `stepsPerEpoch`. */
  totalSteps?: number;
  epochs?: number;
  stepsPerEpoch?: number;
  /** Fraction of the cycle spent increasing the lr. Default 0.3. */
  pctStart?: number;
  /** Default "cos". */
  annealStrategy?: "cos" | "linear";
  /** Cycle momentum (or Adam's beta1) inversely to the lr. Default true. */
  cycleMomentum?: boolean;
  baseMomentum?: number | number[];
  maxMomentum?: number | number[];
  /** initial lr = maxLr / divFactor. Default 25. */
  divFactor?: number;
  /** min lr = initial lr / finalDivFactor. Default 1e4. */
  finalDivFactor?: number;
  /** Use a third phase that anneals to min lr after coming back down. Default false. */
  threePhase?: boolean;
}

/** One phase of the cycle; lr/momentum endpoints name group keys as PyTorch does ("initial_lr", "max_lr", ...). */
interface Phase {
  end_step: number;
  start_lr: string;
  end_lr: string;
  start_momentum: string;
  end_momentum: string;
}

function phase(end: number, lr: [string, string], momentum: [string, string]): Phase {
  return { end_step: end, start_lr: lr[0], end_lr: lr[1], start_momentum: momentum[0], end_momentum: momentum[1] };
}

function perGroup(name: string, value: number | number[], groups: number): number[] {
  if (!Array.isArray(value)) return Array.from({ length: groups }, () => value);
  if (value.length !== groups) throw new RangeError(`OneCycleLR: expected ${groups} values for ${name}, got ${value.length}`);
  return value;
}

function checkPositiveInt(name: string, value: number | undefined): number {
  if (value === undefined || !Number.isInteger(value) || value <= 0) throw new RangeError(`OneCycleLR: Expected positive integer ${name}, but got ${value}`);
  return value;
}

/**
 * The 1cycle policy (PyTorch's `OneCycleLR`): the lr rises from
 * maxLr / divFactor to maxLr, then anneals to a minimum far below, while
 * momentum moves the opposite way. Call `step()` after every batch.
 *
 * @example
 * ```ts
 * const sched = new optim.lrScheduler.OneCycleLR(opt, 0.1, { epochs: 10, stepsPerEpoch: loader.length });
 * ```
 */
export class OneCycleLR extends LRScheduler {
  totalSteps: number;
  schedulePhases: Phase[];
  annealStrategy: "cos" | "linear";
  cycleMomentum: boolean;
  useBeta1 = false;
  protected readonly stateFields = [
    ["total_steps", "totalSteps"], ["_schedule_phases", "schedulePhases"], ["_anneal_func_type", "annealStrategy"],
    ["cycle_momentum", "cycleMomentum"], ["use_beta1", "useBeta1"],
  ] as const;

  constructor(optimizer: AnyOptimizer, maxLr: number | number[], options: OneCycleLROptions = {}) {
    const o = {
      pctStart: 0.3, annealStrategy: "cos" as const, cycleMomentum: true, baseMomentum: 0.85, maxMomentum: 0.95,
      divFactor: 25, finalDivFactor: 1e4, threePhase: false, lastEpoch: -1, ...options,
    };
    const totalSteps = OneCycleLR.#totalSteps(o);
    if (!(o.pctStart >= 0 && o.pctStart <= 1)) throw new RangeError(`OneCycleLR: Expected float between 0 and 1 pct_start, but got ${o.pctStart}`);
    if (o.annealStrategy !== "cos" && o.annealStrategy !== "linear") throw new RangeError(`OneCycleLR: anneal_strategy must by one of 'cos' or 'linear', instead got ${String(o.annealStrategy)}`);
    const groups = optimizer.paramGroups;
    if (o.lastEpoch === -1) {
      perGroup("max_lr", maxLr, groups.length).forEach((max, i) => {
        const g = groups[i]!;
        g.initialLr = max / o.divFactor;
        g.maxLr = max;
        g.minLr = (g.initialLr as number) / o.finalDivFactor;
      });
    }
    let useBeta1 = false;
    if (o.cycleMomentum) {
      if (!("momentum" in optimizer.defaults) && !("betas" in optimizer.defaults)) throw new TypeError("OneCycleLR: optimizer must support momentum with `cycle_momentum` option enabled");
      useBeta1 = "betas" in optimizer.defaults;
      const maxM = perGroup("max_momentum", o.maxMomentum, groups.length);
      const baseM = perGroup("base_momentum", o.baseMomentum, groups.length);
      if (o.lastEpoch === -1) groups.forEach((g, i) => OneCycleLR.#initMomentum(g, useBeta1, maxM[i]!, baseM[i]!));
    }
    super(optimizer, o);
    this.totalSteps = totalSteps;
    this.schedulePhases = OneCycleLR.#phases(totalSteps, o.pctStart, o.threePhase);
    this.annealStrategy = o.annealStrategy;
    this.cycleMomentum = o.cycleMomentum;
    this.useBeta1 = useBeta1;
    this.initialStep();
  }

  static #totalSteps(o: OneCycleLROptions): number {
    if (o.totalSteps === undefined && o.epochs === undefined && o.stepsPerEpoch === undefined) {
      throw new RangeError("OneCycleLR: You must define either totalSteps OR (epochs AND stepsPerEpoch)");
    }
    if (o.totalSteps !== undefined) return checkPositiveInt("total_steps", o.totalSteps);
    return checkPositiveInt("epochs", o.epochs) * checkPositiveInt("steps_per_epoch", o.stepsPerEpoch);
  }

  static #initMomentum(g: ParamGroup, useBeta1: boolean, max: number, base: number): void {
    if (useBeta1) g.betas = [max, ...(g.betas as number[]).slice(1)];
    else g.momentum = max;
    g.maxMomentum = max;
    g.baseMomentum = base;
  }

  static #phases(total: number, pct: number, threePhase: boolean): Phase[] {
    const up = pct * total - 1;
    if (threePhase) {
      return [
        phase(up, ["initial_lr", "max_lr"], ["max_momentum", "base_momentum"]),
        phase(2 * pct * total - 2, ["max_lr", "initial_lr"], ["base_momentum", "max_momentum"]),
        phase(total - 1, ["initial_lr", "min_lr"], ["max_momentum", "max_momentum"]),
      ];
    }
    return [
      phase(up, ["initial_lr", "max_lr"], ["max_momentum", "base_momentum"]),
      phase(total - 1, ["max_lr", "min_lr"], ["base_momentum", "max_momentum"]),
    ];
  }

  #anneal(start: number, end: number, pct: number): number {
    if (this.annealStrategy === "linear") return (end - start) * pct + start;
    return end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
  }

  protected getLr(): number[] {
    const step = this.lastEpoch;
    if (step > this.totalSteps) {
      throw new TaimatsuError(`OneCycleLR: Tried to step ${step + 1} times. The specified number of total steps is ${this.totalSteps}`);
    }
    return this.optimizer.paramGroups.map((group) => this.#groupLr(group, step));
  }

  /** The lr for `step` in the phase containing it; also moves the group's momentum. */
  #groupLr(group: ParamGroup, step: number): number {
    const key = (name: string) => group[toCamelCase(name)] as number;
    let start = 0;
    for (const [i, p] of this.schedulePhases.entries()) {
      if (step <= p.end_step || i === this.schedulePhases.length - 1) {
        const pct = (step - start) / (p.end_step - start);
        if (this.cycleMomentum) {
          const m = this.#anneal(key(p.start_momentum), key(p.end_momentum), pct);
          if (this.useBeta1) group.betas = [m, ...(group.betas as number[]).slice(1)];
          else group.momentum = m;
        }
        return this.#anneal(key(p.start_lr), key(p.end_lr), pct);
      }
      start = p.end_step;
    }
    throw new TaimatsuError("OneCycleLR: no schedule phases");
  }

  protected override importField(key: string, value: unknown): unknown {
    if (key === "_schedule_phases") return (value as Phase[]).map((p) => ({ ...p }));
    return super.importField(key, value);
  }

  override loadStateDict(stateDict: Record<string, unknown>): void {
    // PyTorch 1.13 pickles the annealing function itself; accept its name too
    const legacy = stateDict.anneal_func;
    super.loadStateDict(typeof legacy === "string" && !("_anneal_func_type" in stateDict) ? { ...stateDict, _anneal_func_type: legacy } : stateDict);
  }
}
