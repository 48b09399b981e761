/**
 * The JSON record that goes beside the weights: enough to judge the weights
 * (accuracy and on what), to repeat the run (command and recipe) and to put
 * its speed in context (time and hardware).
 */
import { writeFileSync } from "node:fs";
import type { Hardware } from "./hardware.js";
import type { EpochRecord } from "./training-checkpoint.js";
import type { WeightsFile } from "./weights-file.js";

export interface TrainingSummary {
  model: string;
  /** The architecture's name in the models registry and its eval CLI. */
  registryName: string;
  parameters: number;
  weights: { file: string; sha256: string; bytes: number };
  accuracy: {
    /** Top-1 (percent) of the final weights on the test images used. */
    top1: number;
    /** Best top-1 of any evaluated epoch; the weights are the final ones, not that epoch's. */
    best: number;
    bestEpoch: number;
    testImages: number;
    trainImages: number;
  };
  normalization: { mean: readonly number[]; std: readonly number[] };
  recipe: Record<string, unknown>;
  time: {
    /** This session, from start-up (data loading included) to the summary. */
    wallSeconds: number;
    /** Training loops of every session of the run. */
    trainSeconds: number;
    evalSeconds: number;
    trainImagesPerSecond: number;
  };
  hardware: Hardware;
  command: string;
  /** Measures the weights on the full test set with the models package's eval CLI. */
  evalCommand: string;
  history: EpochRecord[];
  finishedAt: string;
}

/** Writes `<weights without .safetensors>.json` and returns its path. */
export function writeSummary(summary: TrainingSummary, weights: WeightsFile): string {
  const path = weights.path.replace(/\.safetensors$/, ".json");
  writeFileSync(path, `${JSON.stringify(summary, null, 2)}\n`);
  return path;
}
