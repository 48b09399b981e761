/** `torch.utils.data`: datasets, samplers, collation and the DataLoader. */
export { Dataset, IterableDataset, type MapDataset, type StreamDataset } from "./datasets/dataset.js";
export { TensorDataset } from "./datasets/tensor-dataset.js";
export { Subset } from "./datasets/subset.js";
export { ConcatDataset } from "./datasets/concat-dataset.js";
export { randomSplit, type RandomSplitOptions } from "./datasets/random-split.js";
export type { Sampler, Sized } from "./samplers/sampler.js";
export { SequentialSampler } from "./samplers/sequential-sampler.js";
export { RandomSampler, type RandomSamplerOptions } from "./samplers/random-sampler.js";
export { SubsetRandomSampler } from "./samplers/subset-random-sampler.js";
export { BatchSampler } from "./samplers/batch-sampler.js";
export { defaultCollate, defaultConvert, type Collated } from "./loader/collate.js";
export { DataLoader, type DataLoaderOptions, type IndexSampler, type IndexBatchSampler } from "./loader/dataloader.js";
export { getWorkerInfo, type WorkerInfo } from "./workers/worker-info.js";
export { DataLoaderWorkerError } from "./workers/worker-error.js";
export { importable, workerModuleUrl, type WorkerSpec, type WorkerRebuildable } from "./workers/worker-spec.js";
