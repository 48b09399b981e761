/**
 * The training and test DataLoaders. The training loader keeps one generator
 * for shuffling and augmentation seeds, re-seeded at the start of every epoch
 * from (seed, epoch), and starts its workers afresh each epoch, seeded from
 * it: epoch k then sees the same batches and augmentations whether the run
 * got there directly or resumed from a checkpoint. (Persistent workers would
 * carry their random state over from the previous epoch, which a resumed run
 * cannot reproduce.)
 */
import * as torch from "@taimatsu/core";
import { CIFAR10 } from "@taimatsu/datasets";
import { testTransform, trainTransform } from "./cifar10-transforms.js";
import type { TrainOptions } from "./options.js";

type Sample = [torch.Tensor, number];
export type Batch = [torch.Tensor, torch.Tensor];
type Loader = torch.utils.data.DataLoader<Sample, Batch>;

export interface Cifar10Loaders {
  train: Loader;
  test: Loader;
  trainImages: number;
  testImages: number;
  /** Re-seeds shuffling and augmentation for `epoch` (0-based); call before iterating `train`. */
  startEpoch(epoch: number): void;
  /** Stops the worker threads. */
  close(): Promise<void>;
}

/** Evaluation has no gradients to hold, so it can afford bigger batches than training. */
const TEST_BATCH_SIZE = 256;

type DataOptions = Pick<TrainOptions, "data" | "md5" | "subset" | "testSubset" | "quiet" | "batchSize" | "numWorkers" | "seed">;

export async function cifar10Loaders(options: DataOptions): Promise<Cifar10Loaders> {
  const source = { root: options.data, download: true, progress: !options.quiet, ...(options.md5 === undefined ? {} : { md5: options.md5 }) };
  const trainSet = firstN(await CIFAR10.create<torch.Tensor>({ ...source, train: true, transform: trainTransform() }), options.subset);
  const testSet = firstN(await CIFAR10.create<torch.Tensor>({ ...source, train: false, transform: testTransform() }), options.testSubset);
  const shuffle = new torch.Generator(epochSeed(options.seed, 0));
  const numWorkers = options.numWorkers;
  const train: Loader = new torch.utils.data.DataLoader<Sample, Batch>(trainSet, { numWorkers, batchSize: options.batchSize, shuffle: true, generator: shuffle });
  // evaluation draws no random numbers, so its workers may as well stay up
  const test: Loader = new torch.utils.data.DataLoader<Sample, Batch>(testSet, { numWorkers, persistentWorkers: numWorkers > 0, batchSize: TEST_BATCH_SIZE });
  return {
    train,
    test,
    trainImages: trainSet.length,
    testImages: testSet.length,
    startEpoch: (epoch) => void shuffle.manualSeed(epochSeed(options.seed, epoch)),
    close: async () => {
      await Promise.all([train.close(), test.close()]);
    },
  };
}

/** A distinct 32-bit seed per (seed, epoch). */
export function epochSeed(seed: number, epoch: number): number {
  return (Math.imul(seed, 0x9e3779b1) + epoch) >>> 0;
}

/**
 * The first `count` images (all when undefined). The copy interleaves the
 * classes, so any prefix is close to balanced.
 */
function firstN<T>(dataset: torch.utils.data.MapDataset<T>, count: number | undefined): torch.utils.data.MapDataset<T> {
  if (count === undefined || count >= dataset.length) return dataset;
  return new torch.utils.data.Subset(dataset, Array.from({ length: count }, (_, i) => i));
}
