/** The lines a run prints: one every few batches, one per epoch. */
import type { RunningStats } from "./train-epoch.js";
import type { EpochRecord } from "./training-checkpoint.js";

/** `epoch 3/30 [150/391] loss 1.2345 acc 55.12% lr 0.09511 612 images/s` */
export function batchLine(epoch: number, epochs: number, batchesPerEpoch: number, stats: RunningStats): string {
  return (
    `epoch ${epoch + 1}/${epochs} [${stats.batches}/${batchesPerEpoch}] loss ${stats.loss.toFixed(4)} ` +
    `acc ${stats.accuracy.toFixed(2)}% lr ${stats.lr.toPrecision(4)} ${Math.round(stats.images / Math.max(stats.seconds, 1e-9))} images/s`
  );
}

/** `epoch 3/30 done: train loss 1.2001 acc 57.03% | test loss 1.0312 acc 63.40% | 81.7 s, 612 images/s` */
export function epochLine(record: EpochRecord, epochs: number): string {
  const test = record.testAccuracy === undefined ? "" : ` | test loss ${record.testLoss!.toFixed(4)} acc ${record.testAccuracy.toFixed(2)}%`;
  return (
    `epoch ${record.epoch}/${epochs} done: train loss ${record.trainLoss.toFixed(4)} acc ${record.trainAccuracy.toFixed(2)}%${test} | ` +
    `${record.trainSeconds.toFixed(1)} s, ${Math.round(record.trainImagesPerSecond)} images/s`
  );
}
