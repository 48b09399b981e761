/**
 * A whole run: data, model, SGD and schedule; epochs of training with test
 * evaluations and a checkpoint after each; then the weights file and the
 * summary.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import * as torch from "@taimatsu/core";
import { cifar10Loaders, type Cifar10Loaders } from "./cifar10-loaders.js";
import { CIFAR10_MEAN, CIFAR10_STD } from "@taimatsu/models";
import { evaluate } from "./evaluate.js";
import { describeHardware } from "./hardware.js";
import { makeScheduler } from "./lr-schedule.js";
import { buildModel, CIFAR10_MODELS, countParameters } from "./model-zoo.js";
import type { TrainOptions } from "./options.js";
import { weightDecayGroups } from "./param-groups.js";
import { batchLine, epochLine } from "./progress-lines.js";
import { writeSummary, type TrainingSummary } from "./summary.js";
import { trainEpoch, type TrainingParts } from "./train-epoch.js";
import { recipeOf, resumeTraining, saveTrainingCheckpoint, type EpochRecord, type TrainingProgress } from "./training-checkpoint.js";
import { writeWeightsFile, type WeightsFile } from "./weights-file.js";

export interface RunContext {
  log: (line: string) => void;
  /** The command that started the run, recorded in the summary. */
  command: string;
}

export interface TrainingResult {
  summary: TrainingSummary;
  weightsPath: string;
  summaryPath: string;
  checkpointPath: string;
}

type Parts = TrainingParts & { scheduler: torch.optim.lrScheduler.SchedulerLike & { step(): void } };

export async function runTraining(options: TrainOptions, context: RunContext): Promise<TrainingResult> {
  const started = performance.now();
  mkdirSync(options.out, { recursive: true });
  torch.manualSeed(options.seed);
  const model = buildModel(options.model);
  if (options.init) model.loadStateDict(torch.load(options.init));
  const loaders = await cifar10Loaders(options);
  try {
    const parts = makeParts(model, options, loaders.train.length);
    const checkpointPath = join(options.out, "checkpoint.safetensors");
    const progress = options.resume ? resumeTraining(options.resume, parts, options) : freshProgress();
    context.log(runHeader(options, model, loaders, progress));
    for (let epoch = progress.epochsDone; epoch < options.epochs; epoch++) {
      await runEpoch(epoch, parts, loaders, progress, options, context.log);
      saveTrainingCheckpoint(checkpointPath, parts, progress, options);
    }
    const weights = writeWeightsFile(model, options.out, options.model);
    const summary = summarize(options, context.command, model, loaders, progress, weights, (performance.now() - started) / 1000);
    const summaryPath = writeSummary(summary, weights);
    context.log(`test top1 ${summary.accuracy.top1.toFixed(2)}% on ${summary.accuracy.testImages} images; weights ${weights.path}; summary ${summaryPath}`);
    return { summary, weightsPath: weights.path, summaryPath, checkpointPath };
  } finally {
    await loaders.close();
  }
}

function makeParts(model: torch.nn.Module, options: TrainOptions, stepsPerEpoch: number): Parts {
  const groups = weightDecayGroups(model, options.weightDecay, options.noBnBiasDecay);
  const optimizer = new torch.optim.SGD(groups, { lr: options.lr, momentum: options.momentum, nesterov: options.nesterov, weightDecay: options.weightDecay });
  return {
    model,
    criterion: new torch.nn.CrossEntropyLoss({ labelSmoothing: options.labelSmoothing }),
    optimizer,
    scheduler: makeScheduler(optimizer, options, stepsPerEpoch),
  };
}

function freshProgress(): TrainingProgress {
  return { epochsDone: 0, history: [], trainSeconds: 0, evalSeconds: 0 };
}

async function runEpoch(epoch: number, parts: Parts, loaders: Cifar10Loaders, progress: TrainingProgress, options: TrainOptions, log: (line: string) => void): Promise<void> {
  loaders.startEpoch(epoch);
  const batches = loaders.train.length;
  const stats = await trainEpoch(parts, loaders.train, (s) => {
    if (s.batches % options.logEvery === 0 && s.batches < batches) log(batchLine(epoch, options.epochs, batches, s));
  });
  const record: EpochRecord = {
    epoch: epoch + 1,
    lr: stats.lr,
    trainLoss: stats.loss,
    trainAccuracy: stats.accuracy,
    trainImagesPerSecond: stats.images / Math.max(stats.seconds, 1e-9),
    trainSeconds: stats.seconds,
  };
  progress.trainSeconds += stats.seconds;
  if ((epoch + 1) % options.evalEvery === 0 || epoch + 1 === options.epochs) {
    const test = await evaluate(parts.model, loaders.test);
    Object.assign(record, { testLoss: test.loss, testAccuracy: test.accuracy });
    progress.evalSeconds += test.seconds;
  }
  progress.history.push(record);
  progress.epochsDone = epoch + 1;
  log(epochLine(record, options.epochs));
}

function runHeader(options: TrainOptions, model: torch.nn.Module, loaders: Cifar10Loaders, progress: TrainingProgress): string {
  const backend = describeHardware().backend;
  const resumed = progress.epochsDone > 0 ? `, resuming after epoch ${progress.epochsDone}` : "";
  return (
    `training ${options.model} (${countParameters(model).toLocaleString("en-US")} parameters) on ${loaders.trainImages} CIFAR-10 images, ` +
    `testing on ${loaders.testImages}; backend ${backend.name}; ${options.epochs} epochs of ${loaders.train.length} batches of ${options.batchSize}${resumed}`
  );
}

function summarize(
  options: TrainOptions, command: string, model: torch.nn.Module, loaders: Cifar10Loaders,
  progress: TrainingProgress, weights: WeightsFile, wallSeconds: number,
): TrainingSummary {
  const evaluated = progress.history.filter((r) => r.testAccuracy !== undefined);
  const best = evaluated.reduce((a, b) => (b.testAccuracy! > a.testAccuracy! ? b : a), evaluated[0]!);
  const trainedImages = loaders.trainImages * progress.epochsDone;
  return {
    model: options.model,
    registryName: CIFAR10_MODELS[options.model].registryName,
    parameters: countParameters(model),
    weights: { file: weights.fileName, sha256: weights.sha256, bytes: weights.bytes },
    accuracy: {
      top1: round(evaluated[evaluated.length - 1]!.testAccuracy!),
      best: round(best.testAccuracy!),
      bestEpoch: best.epoch,
      testImages: loaders.testImages,
      trainImages: loaders.trainImages,
    },
    normalization: { mean: CIFAR10_MEAN, std: CIFAR10_STD },
    recipe: recipeOf(options),
    time: {
      wallSeconds: round(wallSeconds, 1),
      trainSeconds: round(progress.trainSeconds, 1),
      evalSeconds: round(progress.evalSeconds, 1),
      trainImagesPerSecond: Math.round(trainedImages / Math.max(progress.trainSeconds, 1e-9)),
    },
    hardware: describeHardware(),
    command,
    evalCommand: evalCommand(options, weights),
    history: progress.history,
    finishedAt: new Date().toISOString(),
  };
}

function evalCommand(options: TrainOptions, weights: WeightsFile): string {
  const md5 = options.md5 === undefined ? "" : ` --md5 ${options.md5 ?? "none"}`;
  return (
    `pnpm --filter @taimatsu/models eval -- ${CIFAR10_MODELS[options.model].registryName} --weights ${resolve(weights.path)} ` +
    `--data ${resolve(options.data)} --mean ${CIFAR10_MEAN.join(",")} --std ${CIFAR10_STD.join(",")}${md5}`
  );
}

function round(x: number, digits = 2): number {
  return Number(x.toFixed(digits));
}
