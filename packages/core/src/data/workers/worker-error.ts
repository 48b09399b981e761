import type { WorkerErrorInfo } from "./worker-protocol.js";

/**
 * An exception raised in a DataLoader worker, re-raised in the main thread
 * (PyTorch's "Caught ValueError in DataLoader worker process 0"). It names
 * the worker, the stage and the sample index, and keeps the worker's stack.
 */
export class DataLoaderWorkerError extends Error {
  override name = "DataLoaderWorkerError";
  readonly workerId: number;
  /** The dataset index whose fetch failed, when the error came from the dataset. */
  readonly index: number | undefined;
  readonly stage: string;
  /** The original error's name and stack, as printed in the worker. */
  readonly originalName: string;
  readonly originalStack: string;

  constructor(workerId: number, info: WorkerErrorInfo) {
    const where = info.index !== undefined ? `${info.stage}(${info.index})` : info.stage;
    super(
      `Caught ${info.name} in DataLoader worker ${workerId} during ${where}: ${info.message}\n` +
        `Original stack (in the worker):\n${info.stack}`,
    );
    this.workerId = workerId;
    this.index = info.index;
    this.stage = info.stage;
    this.originalName = info.name;
    this.originalStack = info.stack;
  }
}
