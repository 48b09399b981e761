import type { EncodedBatch } from "./batch-transfer.js";

/** Messages between the DataLoader and its workers. */

/** Sent once, as `workerData`. */
export interface WorkerConfig {
  workerId: number;
  numWorkers: number;
  seed: number;
  /** The dataset, encoded by `toWorkerArg`. */
  dataset: unknown;
  /** The collate function (encoded), or null for the default. */
  collateFn: unknown;
  /** The init hook (encoded), or null. */
  workerInitFn: unknown;
  /** True when samples are batched (`batchSize` not null). */
  autoCollation: boolean;
  /** Stream datasets: samples per batch, and whether a short last batch is dropped. */
  batchSize: number;
  dropLast: boolean;
}

export type ToWorker =
  /** Map-style: fetch these indices as batch `seq` of epoch `epoch`. */
  | { type: "fetch"; epoch: number; seq: number; indices: number[] }
  /** Stream: start a fresh pass over the dataset. */
  | { type: "reset"; epoch: number }
  /** Stream: the next batch of the current pass. */
  | { type: "next"; epoch: number; seq: number }
  | { type: "stop" };

export interface WorkerErrorInfo {
  name: string;
  message: string;
  stack: string;
  /** The dataset index being fetched, when the error came from `get`. */
  index?: number;
  /** Where it happened: "dataset.get", "collateFn", "workerInitFn", "startup". */
  stage: string;
}

export type FromWorker =
  | { type: "batch"; epoch: number; seq: number; payload: EncodedBatch }
  | { type: "end"; epoch: number; seq: number }
  | { type: "error"; epoch: number; seq: number; error: WorkerErrorInfo }
  | { type: "fatal"; error: WorkerErrorInfo };
