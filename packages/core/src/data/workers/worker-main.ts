/**
 * Entry point of a DataLoader worker thread. It rebuilds the dataset (and
 * collate function, and init hook) from their specs, seeds its global
 * generator, then serves batch requests one at a time, in arrival order.
 */
import { parentPort, workerData } from "node:worker_threads";
import "../../index.js"; // the full core: backends registered, tensor methods installed
import { manualSeed } from "../../random/generator.js";
import { encodeBatch } from "./batch-transfer.js";
import { defaultCollate, defaultConvert } from "../loader/collate.js";
import type { MapDataset } from "../datasets/dataset.js";
import { fromWorkerArg } from "./rebuild.js";
import { setWorkerInfo } from "./worker-info.js";
import type { FromWorker, ToWorker, WorkerConfig, WorkerErrorInfo } from "./worker-protocol.js";

type Collate = (batch: unknown) => unknown;
type AnyIterator = Iterator<unknown> | AsyncIterator<unknown>;

/** An error tagged with where it happened, so the main thread can say so. */
class StageError extends Error {
  constructor(
    readonly stage: string,
    readonly original: unknown,
    readonly index?: number,
  ) {
    super(String((original as Error)?.message ?? original));
  }
}

const config = workerData as WorkerConfig;
const port = parentPort!;
let dataset: unknown;
let collate: Collate;
let iterator: AnyIterator | null = null;

async function start(): Promise<void> {
  manualSeed(config.seed);
  try {
    dataset = await fromWorkerArg(config.dataset);
    const custom = (await fromWorkerArg(config.collateFn)) as Collate | null;
    collate = custom ?? (config.autoCollation ? (b) => defaultCollate(b as unknown[]) : defaultConvert);
  } catch (e) {
    throw new StageError("startup", e);
  }
  setWorkerInfo({ id: config.workerId, numWorkers: config.numWorkers, seed: config.seed, dataset });
  const init = (await fromWorkerArg(config.workerInitFn)) as ((id: number) => unknown) | null;
  try {
    await init?.(config.workerId);
  } catch (e) {
    throw new StageError("workerInitFn", e);
  }
}

function fetchSamples(indices: readonly number[]): unknown[] {
  const ds = dataset as MapDataset<unknown>;
  if (ds.getItems) {
    try {
      return ds.getItems(indices);
    } catch (e) {
      throw new StageError("dataset.getItems", e);
    }
  }
  return indices.map((i) => {
    try {
      return ds.get(i);
    } catch (e) {
      throw new StageError("dataset.get", e, i);
    }
  });
}

function runCollate(samples: unknown[]): unknown {
  try {
    return collate(config.autoCollation ? samples : samples[0]);
  } catch (e) {
    throw new StageError("collateFn", e);
  }
}

function send(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

function sendBatch(epoch: number, seq: number, batch: unknown): void {
  const { payload, transfer } = encodeBatch(batch);
  send({ type: "batch", epoch, seq, payload }, transfer);
}

function freshIterator(): AnyIterator {
  const ds = dataset as Partial<AsyncIterable<unknown> & Iterable<unknown>>;
  if (ds[Symbol.asyncIterator]) return ds[Symbol.asyncIterator]!();
  if (ds[Symbol.iterator]) return ds[Symbol.iterator]!();
  throw new StageError("dataset", new TypeError("the dataset is neither map-style (get, length) nor iterable"));
}

/** Up to one batch of samples from the stream; fewer at its end. */
async function pullSamples(): Promise<unknown[]> {
  const want = config.autoCollation ? config.batchSize : 1;
  const samples: unknown[] = [];
  iterator ??= freshIterator();
  while (samples.length < want) {
    let step: IteratorResult<unknown>;
    try {
      step = await iterator.next();
    } catch (e) {
      throw new StageError("dataset iterator", e);
    }
    if (step.done) break;
    samples.push(step.value);
  }
  return samples;
}

async function handle(msg: ToWorker): Promise<void> {
  if (msg.type === "stop") {
    port.close();
    return;
  }
  if (msg.type === "reset") {
    iterator = freshIterator();
    return;
  }
  try {
    if (msg.type === "fetch") {
      sendBatch(msg.epoch, msg.seq, runCollate(fetchSamples(msg.indices)));
      return;
    }
    const samples = await pullSamples();
    const short = samples.length === 0 || (config.autoCollation && config.dropLast && samples.length < config.batchSize);
    if (short) send({ type: "end", epoch: msg.epoch, seq: msg.seq });
    else sendBatch(msg.epoch, msg.seq, runCollate(samples));
  } catch (e) {
    send({ type: "error", epoch: msg.epoch, seq: msg.seq, error: describeError(e) });
  }
}

function describeError(e: unknown): WorkerErrorInfo {
  const stage = e instanceof StageError ? e.stage : "worker";
  const original = e instanceof StageError ? e.original : e;
  const err = original instanceof Error ? original : new Error(String(original));
  return {
    name: err.name,
    message: err.message,
    stack: err.stack ?? `${err.name}: ${err.message}`,
    stage,
    ...(e instanceof StageError && e.index !== undefined ? { index: e.index } : {}),
  };
}

let failed = false;
let queue: Promise<void> = start().catch((e) => {
  // reported once, as a message; the main thread then shuts the worker down
  failed = true;
  send({ type: "fatal", error: describeError(e) });
});
port.on("message", (msg: ToWorker) => {
  queue = queue.then(() => (failed ? undefined : handle(msg)));
});
