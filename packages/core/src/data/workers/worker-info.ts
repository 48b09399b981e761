/** What `getWorkerInfo()` tells code running in a DataLoader worker. */
export interface WorkerInfo {
  /** This worker's number, 0..numWorkers-1. */
  readonly id: number;
  readonly numWorkers: number;
  /** The seed of this worker's global generator (the loader's base seed + id). */
  readonly seed: number;
  /** This worker's copy of the dataset. */
  readonly dataset: unknown;
}

let current: WorkerInfo | null = null;

/**
 * PyTorch's `get_worker_info()`: null in the main thread; in a worker, which
 * worker this is, so an iterable dataset can split its stream or a
 * `workerInitFn` can configure its copy of the dataset.
 */
export function getWorkerInfo(): WorkerInfo | null {
  return current;
}

/** Set once by the worker entry point. */
export function setWorkerInfo(info: WorkerInfo): void {
  current = info;
}
