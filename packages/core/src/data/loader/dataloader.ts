import { defaultGenerator, Generator } from "../../random/generator.js";
import { BatchSampler } from "../samplers/batch-sampler.js";
import { defaultCollate, defaultConvert, type Collated } from "./collate.js";
import { isStreamDataset, type MapDataset, type StreamDataset } from "../datasets/dataset.js";
import type { FinishReason } from "../workers/multi-worker-iterator.js";
import { RandomSampler } from "../samplers/random-sampler.js";
import { SequentialSampler } from "../samplers/sequential-sampler.js";
import type { WorkerPool } from "../workers/worker-pool.js";
import type { WorkerConfig } from "../workers/worker-protocol.js";
import { isRebuildable, toWorkerArg } from "../workers/worker-spec.js";
import { nextTurn } from "./event-loop-turn.js";

/** A sampler as the DataLoader sees it: indices, and how many when known. */
export type IndexSampler = Iterable<number> & { readonly length?: number };
export type IndexBatchSampler = Iterable<number[]> & { readonly length?: number };

export interface DataLoaderOptions<T, B> {
  /** Samples per batch; null turns automatic batching off (each sample is converted alone). Default 1. */
  batchSize?: number | null;
  /** A fresh random order every epoch (a `RandomSampler`). */
  shuffle?: boolean;
  /** Where indices come from; excludes `shuffle`. */
  sampler?: IndexSampler;
  /** Yields whole index lists; excludes `batchSize`, `shuffle`, `sampler` and `dropLast`. */
  batchSampler?: IndexBatchSampler;
  /**
   * Worker threads that fetch and transform samples in parallel (0: in the
   * calling thread). The dataset must be rebuildable in a worker: it, its
   * transforms, `collateFn` and `workerInitFn` need a `workerSpec()` (see
   * WorkerSpec; `importable()` does it for functions).
   */
  numWorkers?: number;
  /** Makes a batch from a list of samples (one sample when `batchSize` is null). */
  collateFn?: (batch: T[]) => B;
  /** Accepted for PyTorch compatibility; there is no pinned memory to use. */
  pinMemory?: boolean;
  /** Drop the last batch when it is short. */
  dropLast?: boolean;
  /** Milliseconds to wait for a batch from the workers before failing; 0 waits forever. */
  timeout?: number;
  /** Runs in each worker after seeding and before the first batch, with the worker's id. */
  workerInitFn?: (workerId: number) => unknown;
  /** Drives shuffling and the workers' seeds. */
  generator?: Generator;
  /** Shorthand for `generator: new Generator(seed)`. */
  seed?: number;
  /** Batches each worker prepares ahead (default 2). */
  prefetchFactor?: number;
  /** Keep the workers between epochs instead of starting them anew. */
  persistentWorkers?: boolean;
}

/**
 * PyTorch's `DataLoader`: batches from a dataset, optionally shuffled, made
 * in worker threads. Iterate with `for await (const [x, y] of loader)`; with
 * `numWorkers: 0` plain `for (const b of loader)` works too.
 *
 * Reproducibility: the loader draws one base seed per epoch from its
 * generator (the global one by default); worker k seeds its global generator
 * with base + k, and batch i always goes to worker i % numWorkers, so a given
 * seed and worker count give the same batches, augmentations included.
 */
export class DataLoader<T, B = Collated<T>> implements AsyncIterable<B>, Iterable<B> {
  readonly dataset: MapDataset<T> | StreamDataset<T>;
  readonly batchSize: number | null;
  readonly dropLast: boolean;
  readonly numWorkers: number;
  readonly prefetchFactor: number;
  readonly persistentWorkers: boolean;
  readonly pinMemory: boolean;
  readonly timeout: number;
  readonly generator: Generator | undefined;
  readonly sampler: IndexSampler | null;
  readonly batchSampler: IndexBatchSampler | null;
  readonly collateFn: (batch: never) => unknown;
  readonly workerInitFn: ((workerId: number) => unknown) | undefined;
  private pool: WorkerPool | null = null;
  private epochs = 0;

  constructor(dataset: MapDataset<T> | StreamDataset<T>, options: DataLoaderOptions<T, B> = {}) {
    checkOptions(dataset, options);
    this.dataset = dataset;
    this.batchSize = options.batchSize === undefined ? 1 : options.batchSize;
    this.dropLast = options.dropLast ?? false;
    this.numWorkers = options.numWorkers ?? 0;
    this.prefetchFactor = options.prefetchFactor ?? 2;
    this.persistentWorkers = options.persistentWorkers ?? false;
    this.pinMemory = options.pinMemory ?? false;
    this.timeout = options.timeout ?? 0;
    this.generator = options.generator ?? (options.seed !== undefined ? new Generator(options.seed) : undefined);
    this.workerInitFn = options.workerInitFn;
    const stream = isStreamDataset(dataset);
    this.sampler = stream
      ? null
      : (options.sampler ?? (options.shuffle ? new RandomSampler(dataset as MapDataset<T>, { generator: this.generator }) : new SequentialSampler(dataset as MapDataset<T>)));
    this.batchSampler = stream ? null : (options.batchSampler ?? (this.batchSize !== null ? new BatchSampler(samplerWithLength(this.sampler!), this.batchSize, this.dropLast) : null));
    if (options.batchSampler) this.batchSize = null;
    const auto = this.autoCollation;
    this.collateFn = (options.collateFn ?? (auto ? defaultCollate : defaultConvert)) as (batch: never) => unknown;
  }

  /** Whether samples are grouped into batches (PyTorch's `_auto_collation`). */
  get autoCollation(): boolean {
    return this.batchSampler !== null || (this.sampler === null && this.batchSize !== null);
  }

  /** Batches per epoch (samples when batching is off). */
  get length(): number {
    if (this.batchSampler) return lengthOf(this.batchSampler, "batchSampler");
    if (this.sampler) return lengthOf(this.sampler, "sampler");
    const n = lengthOf(this.dataset as { length?: number }, "dataset");
    if (this.batchSize === null) return n;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  [Symbol.iterator](): Iterator<B> {
    if (this.numWorkers > 0) {
      throw new TypeError(`DataLoader: synchronous iteration runs in the calling thread; with numWorkers: ${this.numWorkers} iterate with for await (...)`);
    }
    return this.iterateInProcess();
  }

  [Symbol.asyncIterator](): AsyncIterator<B> {
    return this.numWorkers > 0 ? this.iterateWithWorkers() : this.iterateInProcessAsync();
  }

  /** Stops persistent workers now; the process exits without it too. */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.shutdown();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** PyTorch draws a base seed per epoch whether or not workers run, so shuffles do not depend on numWorkers. */
  private drawBaseSeed(): number {
    return (this.generator ?? defaultGenerator).nextUint32();
  }

  private indexBatches(): Iterator<number[]> {
    if (this.batchSampler) return this.batchSampler[Symbol.iterator]();
    const it = this.sampler![Symbol.iterator]();
    return {
      next: () => {
        const step = it.next();
        return step.done ? { done: true, value: undefined } : { done: false, value: [step.value] };
      },
    };
  }

  private fetch(indices: number[]): unknown {
    const ds = this.dataset as MapDataset<T>;
    const samples = ds.getItems ? ds.getItems(indices) : indices.map((i) => ds.get(i));
    return this.autoCollation ? this.collate(samples) : this.collate(samples[0]);
  }

  private collate(x: unknown): B {
    return (this.collateFn as (b: unknown) => unknown)(x) as B;
  }

  private *iterateInProcess(): IterableIterator<B> {
    this.drawBaseSeed();
    if (!this.sampler) {
      yield* this.streamBatches((this.dataset as Iterable<T>)[Symbol.iterator]());
      return;
    }
    const batches = this.indexBatches();
    for (let step = batches.next(); !step.done; step = batches.next()) yield this.fetch(step.value) as B;
  }

  private *streamBatches(it: Iterator<T>): IterableIterator<B> {
    const size = this.autoCollation ? this.batchSize! : 1;
    for (;;) {
      const samples: T[] = [];
      while (samples.length < size) {
        const step = it.next();
        if (step.done) break;
        samples.push(step.value);
      }
      if (!this.keepBatch(samples.length)) return;
      yield this.autoCollation ? this.collate(samples) : this.collate(samples[0]);
    }
  }

  /** A stream's batch is kept unless empty, or short with `dropLast`. */
  private keepBatch(n: number): boolean {
    return n > 0 && !(this.autoCollation && this.dropLast && n < this.batchSize!);
  }

  private async *iterateInProcessAsync(): AsyncGenerator<B> {
    const asyncSource = (this.dataset as Partial<AsyncIterable<T>>)[Symbol.asyncIterator];
    if (!asyncSource) {
      for (const batch of this.iterateInProcess()) {
        yield batch;
        await nextTurn();
      }
      return;
    }
    this.drawBaseSeed();
    const it = asyncSource.call(this.dataset);
    const size = this.autoCollation ? this.batchSize! : 1;
    for (;;) {
      const samples: T[] = [];
      while (samples.length < size) {
        const step = await it.next();
        if (step.done) break;
        samples.push(step.value);
      }
      if (!this.keepBatch(samples.length)) return;
      yield this.autoCollation ? this.collate(samples) : this.collate(samples[0]);
      await nextTurn();
    }
  }

  private async *iterateWithWorkers(): AsyncGenerator<B> {
    const baseSeed = this.drawBaseSeed();
    const pool = await this.workerPool(baseSeed);
    const { MultiWorkerIterator } = await import("../workers/multi-worker-iterator.js");
    const plan = {
      epoch: ++this.epochs,
      batches: this.sampler ? this.indexBatches() : null,
      inFlight: this.prefetchFactor * this.numWorkers,
      timeout: this.timeout,
    };
    yield* new MultiWorkerIterator<B>(pool, plan, (reason) => this.afterEpoch(pool, reason));
  }

  private async afterEpoch(pool: WorkerPool, reason: FinishReason): Promise<void> {
    if (this.persistentWorkers && reason !== "error") return;
    if (this.pool === pool) this.pool = null;
    await pool.shutdown();
  }

  private async workerPool(baseSeed: number): Promise<WorkerPool> {
    if (this.pool && !this.pool.isClosed) return this.pool;
    const { WorkerPool } = await import("../workers/worker-pool.js");
    const shared = {
      dataset: toWorkerArg(this.dataset, "the dataset"),
      collateFn: isDefault(this.collateFn) ? null : toWorkerArg(this.collateFn, "collateFn"),
      workerInitFn: this.workerInitFn ? toWorkerArg(this.workerInitFn, "workerInitFn") : null,
    };
    const configs: WorkerConfig[] = Array.from({ length: this.numWorkers }, (_, workerId) => ({
      ...shared,
      workerId,
      numWorkers: this.numWorkers,
      seed: (baseSeed + workerId) >>> 0,
      autoCollation: this.autoCollation,
      batchSize: this.batchSize ?? 1,
      dropLast: this.dropLast,
    }));
    const pool = new WorkerPool(configs);
    if (this.persistentWorkers) this.pool = pool;
    return pool;
  }
}

function isDefault(fn: unknown): boolean {
  return (fn === defaultCollate || fn === defaultConvert) && !isRebuildable(fn);
}

function samplerWithLength(sampler: IndexSampler): Iterable<number> & { readonly length: number } {
  return { [Symbol.iterator]: () => sampler[Symbol.iterator](), get length() { return lengthOf(sampler, "sampler"); } };
}

function lengthOf(x: { readonly length?: number }, what: string): number {
  if (typeof x.length !== "number") throw new TypeError(`DataLoader: the ${what} has no length, so the loader has none either`);
  return x.length;
}

function checkOptions<T, B>(dataset: MapDataset<T> | StreamDataset<T>, o: DataLoaderOptions<T, B>): void {
  const fail = (msg: string) => {
    throw new RangeError(`DataLoader: ${msg}`);
  };
  const workers = o.numWorkers ?? 0;
  if (!Number.isInteger(workers) || workers < 0) fail(`numWorkers option should be a non-negative integer (got ${workers}); use numWorkers: 0 to load in the calling thread.`);
  if (workers === 0 && o.prefetchFactor !== undefined) fail("prefetchFactor option could only be specified with numWorkers > 0.");
  if (o.prefetchFactor !== undefined && (!Number.isInteger(o.prefetchFactor) || o.prefetchFactor < 1)) fail(`prefetchFactor must be a positive integer (got ${o.prefetchFactor})`);
  if (workers === 0 && o.persistentWorkers) fail("persistentWorkers option needs numWorkers > 0");
  if ((o.timeout ?? 0) < 0) fail("timeout option should be non-negative");
  if (o.batchSize !== undefined && o.batchSize !== null && (!Number.isInteger(o.batchSize) || o.batchSize <= 0)) fail(`batchSize should be a positive integer value, but got batchSize=${o.batchSize}`);
  if (isStreamDataset(dataset)) {
    if (o.shuffle) fail("DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=true");
    if (o.sampler) fail("DataLoader with IterableDataset: expected unspecified sampler option");
    if (o.batchSampler) fail("DataLoader with IterableDataset: expected unspecified batchSampler option");
  }
  if (o.sampler && o.shuffle) fail("sampler option is mutually exclusive with shuffle");
  if (o.batchSampler && ((o.batchSize !== undefined && o.batchSize !== 1) || o.shuffle || o.sampler || o.dropLast)) {
    fail("batchSampler option is mutually exclusive with batchSize, shuffle, sampler, and dropLast");
  }
  if (o.batchSize === null && o.dropLast) fail("batchSize: null option disables auto-batching and is mutually exclusive with dropLast");
}
