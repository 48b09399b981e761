/**
 * The learning-rate schedules, stepped after every batch so that short runs
 * get a smooth warm-up and decay:
 * - cosine: linear warm-up from 1% of the peak, then cosine annealing to 0
 *   (LinearLR then CosineAnnealingLR, chained by SequentialLR);
 * - onecycle: PyTorch's OneCycleLR, whose rising phase is the warm-up; it also
 *   cycles momentum between 0.85 and 0.95, as its defaults do.
 */
import * as torch from "@taimatsu/core";
import type { TrainOptions } from "./options.js";

const { lrScheduler } = torch.optim;

/** torchvision's classification reference starts its warm-up at this fraction of the peak. */
const WARMUP_START_FACTOR = 0.01;

type ScheduleOptions = Pick<TrainOptions, "schedule" | "epochs" | "warmupEpochs" | "lr">;

export function makeScheduler(optimizer: torch.optim.SGD, options: ScheduleOptions, stepsPerEpoch: number): torch.optim.lrScheduler.SchedulerLike & { step(): void } {
  const totalSteps = options.epochs * stepsPerEpoch;
  const warmupSteps = Math.min(Math.round(options.warmupEpochs * stepsPerEpoch), totalSteps - 1);
  if (options.schedule === "onecycle") {
    return new lrScheduler.OneCycleLR(optimizer, options.lr, { totalSteps, pctStart: Math.max(warmupSteps, 1) / totalSteps });
  }
  const cosine = new lrScheduler.CosineAnnealingLR(optimizer, totalSteps - warmupSteps);
  if (warmupSteps <= 0) return cosine;
  const warmup = new lrScheduler.LinearLR(optimizer, { startFactor: WARMUP_START_FACTOR, totalIters: warmupSteps });
  return new lrScheduler.SequentialLR(optimizer, [warmup, cosine], [warmupSteps]);
}
