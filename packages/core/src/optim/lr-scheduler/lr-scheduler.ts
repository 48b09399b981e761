import { TaimatsuError } from "../../errors.js";
import type { Optimizer, ParamGroup } from "../optimizer.js";
import { pyEpoch, pyExp4 } from "./verbose-log.js";

/** What every scheduler offers (the checkpoint helper saves any of them). */
export interface SchedulerLike {
  getLastLr(): number[];
  stateDict(): Record<string, unknown>;
  loadStateDict(stateDict: Record<string, unknown>): void;
}

/** Options every epoch-based scheduler takes. */
export interface SchedulerOptions {
  /** Index of the last epoch when resuming; -1 (default) starts fresh. */
  lastEpoch?: number;
  /** Log each learning-rate change. Default false. */
  verbose?: boolean;
}

export type AnyOptimizer = Optimizer<ParamGroup, any>;

/**
 * Base class of epoch-based schedulers (PyTorch 1.13's `_LRScheduler`).
 * `step()` advances `lastEpoch` and writes each group's new `lr`, computed
 * recursively from the current one (`getLr`) as PyTorch does; `step(epoch)`
 * uses the closed form where the scheduler has one.
 *
 * Subclasses set their fields, then call `initialStep()` at the end of their
 * constructor (PyTorch sets them before calling the base constructor, which
 * JavaScript does not allow).
 */
export abstract class LRScheduler implements SchedulerLike {
  readonly optimizer: AnyOptimizer;
  baseLrs: number[];
  lastEpoch: number;
  verbose: boolean;
  protected stepCount = 0;
  protected getLrCalledWithinStep = false;
  protected lastLr: number[] = [];
  /** State-dict keys of the subclass's own fields, in PyTorch's order: [snake_case key, property]. */
  protected abstract readonly stateFields: readonly (readonly [string, string])[];

  constructor(optimizer: AnyOptimizer, options: SchedulerOptions = {}) {
    const { lastEpoch = -1, verbose = false } = options;
    if (!optimizer || !Array.isArray(optimizer.paramGroups)) throw new TypeError(`${new.target.name}: ${String(optimizer)} is not an Optimizer`);
    this.optimizer = optimizer;
    if (lastEpoch === -1) {
      for (const group of optimizer.paramGroups) if (group.initialLr === undefined) group.initialLr = group.lr;
    } else {
      optimizer.paramGroups.forEach((group, i) => {
        if (group.initialLr === undefined) throw new TaimatsuError(`${new.target.name}: param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer`);
      });
    }
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr as number);
    this.lastEpoch = lastEpoch;
    this.verbose = verbose;
  }

  /** Learning rates for the new `lastEpoch`, from the groups' current ones. */
  protected abstract getLr(): number[];

  /** Learning rates for `lastEpoch` straight from `baseLrs`, where a formula exists. */
  protected closedFormLr?(): number[];

  /** Resets the step count and takes the first step (PyTorch's `_initial_step`). @internal */
  initialStep(): void {
    this.stepCount = 0;
    this.step();
  }

  /** Advances one epoch (or jumps to `epoch`, deprecated in PyTorch) and updates every group's lr. */
  step(epoch?: number): void {
    this.stepCount += 1;
    this.getLrCalledWithinStep = true;
    let values: number[];
    try {
      if (epoch === undefined) {
        this.lastEpoch += 1;
        values = this.getLr();
      } else {
        this.lastEpoch = epoch;
        values = this.closedFormLr ? this.closedFormLr() : this.getLr();
      }
    } finally {
      this.getLrCalledWithinStep = false;
    }
    this.optimizer.paramGroups.forEach((group, i) => {
      group.lr = values[i]!;
      this.printLr(i, values[i]!, epoch);
    });
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The learning rates the last `step` set, one per group. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  protected printLr(group: number, lr: number, epoch?: number): void {
    if (!this.verbose) return;
    if (epoch === undefined) console.log(`Adjusting learning rate of group ${group} to ${pyExp4(lr)}.`);
    else console.log(`Epoch ${pyEpoch(epoch)}: adjusting learning rate of group ${group} to ${pyExp4(lr)}.`);
  }

  /** Everything but the optimizer, with PyTorch's keys (`last_epoch`, `base_lrs`, `_step_count`, ...). */
  stateDict(): Record<string, unknown> {
    const self = this as unknown as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, prop] of this.stateFields) out[key] = exportValue(self[prop]);
    return {
      ...out,
      base_lrs: [...this.baseLrs],
      last_epoch: this.lastEpoch,
      verbose: this.verbose,
      _step_count: this.stepCount,
      _get_lr_called_within_step: this.getLrCalledWithinStep,
      _last_lr: [...this.lastLr],
    };
  }

  /** Restores what `stateDict` saved (keys absent from the dict are left as they are). */
  loadStateDict(stateDict: Record<string, unknown>): void {
    const self = this as unknown as Record<string, unknown>;
    const fields: (readonly [string, string])[] = [
      ...this.stateFields,
      ["base_lrs", "baseLrs"], ["last_epoch", "lastEpoch"], ["verbose", "verbose"], ["_step_count", "stepCount"],
      ["_get_lr_called_within_step", "getLrCalledWithinStep"], ["_last_lr", "lastLr"],
    ];
    for (const [key, prop] of fields) if (key in stateDict) self[prop] = this.importField(key, stateDict[key]);
  }

  /** Converts one saved value back to the property's form; subclasses with Maps or objects override it. */
  protected importField(_key: string, value: unknown): unknown {
    return Array.isArray(value) ? [...value] : value;
  }
}

function exportValue(value: unknown): unknown {
  if (Array.isArray(value)) return [...value];
  return value;
}
