/**
 * Resumable training: after every epoch, model, optimizer and scheduler go
 * into one file through core's checkpoint helper, with the epoch count, the
 * history so far, the global generator's state and the recipe. A resumed run
 * must have the same recipe, since the restored scheduler and optimizer
 * state only make sense for the schedule they were built for.
 */
import * as torch from "@taimatsu/core";
import type { TrainOptions } from "./options.js";

export interface EpochRecord {
  /** 1-based. */
  epoch: number;
  /** Learning rate of the epoch's last batch. */
  lr: number;
  trainLoss: number;
  trainAccuracy: number;
  trainImagesPerSecond: number;
  trainSeconds: number;
  testLoss?: number;
  testAccuracy?: number;
}

/** Where a run stands; what a checkpoint carries besides the state dicts. */
export interface TrainingProgress {
  epochsDone: number;
  history: EpochRecord[];
  /** Seconds in training loops (all sessions of a resumed run). */
  trainSeconds: number;
  /** Seconds in test-set evaluation (all sessions). */
  evalSeconds: number;
}

export interface CheckpointedParts {
  model: torch.nn.Module;
  optimizer: torch.optim.SGD;
  scheduler: torch.optim.lrScheduler.SchedulerLike;
}

/** The options that decide what a run computes; workers, logging and paths may change between sessions. */
const RECIPE_KEYS = [
  "model", "epochs", "batchSize", "lr", "momentum", "nesterov", "weightDecay", "noBnBiasDecay",
  "schedule", "warmupEpochs", "labelSmoothing", "seed", "subset", "init",
] as const satisfies readonly (keyof TrainOptions)[];

export function recipeOf(options: TrainOptions): Record<string, unknown> {
  return Object.fromEntries(RECIPE_KEYS.map((key) => [key, options[key] ?? null]));
}

export function saveTrainingCheckpoint(path: string, parts: CheckpointedParts, progress: TrainingProgress, options: TrainOptions): void {
  torch.saveCheckpoint(path, {
    // only the stateful parts: the caller's object may carry others (the loss)
    model: parts.model,
    optimizer: parts.optimizer,
    scheduler: parts.scheduler,
    progress,
    recipe: recipeOf(options),
    rngState: Array.from(torch.defaultGenerator.getState()),
  });
}

/** Restores `parts` from `path` and returns where the run stood; refuses a checkpoint of another recipe. */
export function resumeTraining(path: string, parts: CheckpointedParts, options: TrainOptions): TrainingProgress {
  const checkpoint = torch.loadCheckpoint(path);
  checkRecipe(path, checkpoint.recipe as Record<string, unknown> | undefined, recipeOf(options));
  torch.loadCheckpoint(path, { model: parts.model, optimizer: parts.optimizer, scheduler: parts.scheduler });
  torch.defaultGenerator.setState(Uint32Array.from(checkpoint.rngState as number[]));
  return checkpoint.progress as TrainingProgress;
}

function checkRecipe(path: string, saved: Record<string, unknown> | undefined, wanted: Record<string, unknown>): void {
  if (!saved) throw new Error(`${path}: not a checkpoint of this program (it has no recipe)`);
  const differences = RECIPE_KEYS.filter((key) => JSON.stringify(saved[key] ?? null) !== JSON.stringify(wanted[key]));
  if (differences.length > 0) {
    const listed = differences.map((key) => `${key}: checkpoint ${JSON.stringify(saved[key] ?? null)}, now ${JSON.stringify(wanted[key])}`);
    throw new Error(`${path}: cannot resume with a different recipe (${listed.join("; ")}); pass the same flags as the run that wrote it`);
  }
}
