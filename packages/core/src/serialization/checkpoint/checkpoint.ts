import type { Module, StateDict } from "../../nn/module.js";
import type { Optimizer, OptimizerStateDict } from "../../optim/optimizer.js";
import type { SchedulerLike } from "../../optim/lr-scheduler/lr-scheduler.js";
import { TaimatsuError } from "../../errors.js";
import { load, loadAsync, type LoadOptions } from "../load.js";
import { save, saveAsync, type SaveOptions } from "../save.js";

/** What a training checkpoint bundles; any other entries (epoch, best metric, ...) are saved alongside. */
export interface CheckpointParts {
  model?: Module;
  optimizer?: Optimizer<any, any>;
  scheduler?: SchedulerLike;
  [extra: string]: unknown;
}

/** The loaded file: state dicts under `model`/`optimizer`/`scheduler`, plus the extra entries. */
export interface Checkpoint {
  model?: StateDict;
  optimizer?: OptimizerStateDict;
  scheduler?: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface LoadCheckpointOptions extends LoadOptions {
  model?: Module;
  optimizer?: Optimizer<any, any>;
  scheduler?: SchedulerLike;
  /** Passed to `model.loadStateDict`. Default true. */
  strict?: boolean;
}

function collect({ model, optimizer, scheduler, ...extra }: CheckpointParts): Checkpoint {
  return {
    ...(model ? { model: model.stateDict() } : {}),
    ...(optimizer ? { optimizer: optimizer.stateDict() } : {}),
    ...(scheduler ? { scheduler: scheduler.stateDict() } : {}),
    ...extra,
  };
}

function restore(ckpt: Checkpoint, path: string, options: LoadCheckpointOptions): Checkpoint {
  const need = (key: "model" | "optimizer" | "scheduler") => {
    const value = ckpt[key];
    if (value === undefined) throw new TaimatsuError(`loadCheckpoint: '${path}' has no '${key}' entry (it has: ${Object.keys(ckpt).join(", ") || "nothing"})`);
    return value as never;
  };
  if (options.model) options.model.loadStateDict(need("model"), { strict: options.strict ?? true });
  if (options.optimizer) options.optimizer.loadStateDict(need("optimizer"));
  if (options.scheduler) options.scheduler.loadStateDict(need("scheduler"));
  return ckpt;
}

/**
 * Saves model, optimizer and scheduler state together with any extra values
 * in one safetensors file (atomically), so training can resume exactly.
 *
 * @example
 * ```ts
 * torch.saveCheckpoint("ckpt.safetensors", { model, optimizer, scheduler, epoch });
 * const { epoch } = torch.loadCheckpoint("ckpt.safetensors", { model, optimizer, scheduler });
 * ```
 */
export function saveCheckpoint(path: string, parts: CheckpointParts, options: SaveOptions = {}): void {
  save(collect(parts), path, options);
}

export async function saveCheckpointAsync(path: string, parts: CheckpointParts, options: SaveOptions = {}): Promise<void> {
  await saveAsync(collect(parts), path, options);
}

/**
 * Loads a checkpoint and restores whichever of model, optimizer and
 * scheduler are given (each must be present in the file). Returns the whole
 * checkpoint, so extra entries such as `epoch` can be read.
 */
export function loadCheckpoint(path: string, options: LoadCheckpointOptions = {}): Checkpoint {
  return restore(load<Checkpoint>(path, { device: options.device }), path, options);
}

export async function loadCheckpointAsync(path: string, options: LoadCheckpointOptions = {}): Promise<Checkpoint> {
  return restore(await loadAsync<Checkpoint>(path, { device: options.device }), path, options);
}
