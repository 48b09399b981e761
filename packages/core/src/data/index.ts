/** `torch.utils.data`: datasets, samplers, collation and the DataLoader. */
export { Dataset, IterableDataset, type MapDataset, type StreamDataset } from "./dataset.js";
export { TensorDataset } from "./tensor-dataset.js";
export { Subset } from "./subset.js";
export { ConcatDataset } from "./concat-dataset.js";
export { randomSplit, type RandomSplitOptions } from "./random-split.js";
export type { Sampler, Sized } from "./sampler.js";
export { SequentialSampler } from "./sequential-sampler.js";
export { RandomSampler, type RandomSamplerOptions } from "./random-sampler.js";
export { SubsetRandomSampler } from "./subset-random-sampler.js";
export { BatchSampler } from "./batch-sampler.js";
export { defaultCollate, defaultConvert, type Collated } from "./collate.js";
export { DataLoader, type DataLoaderOptions, type IndexSampler, type IndexBatchSampler } from "./dataloader.js";
export { getWorkerInfo, type WorkerInfo } from "./worker-info.js";
export { DataLoaderWorkerError } from "./worker-error.js";
export { importable, workerModuleUrl, type WorkerSpec, type WorkerRebuildable } from "./worker-spec.js";
