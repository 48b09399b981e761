import type { WorkerSpec } from "../workers/worker-spec.js";

/**
 * A map-style dataset (PyTorch's `Dataset`): samples addressed by index,
 * `get(i)` for `0 <= i < length` (Python's `__getitem__` and `__len__`).
 */
export interface MapDataset<T> {
  readonly length: number;
  get(index: number): T;
  /**
   * Optional batched access (PyTorch's `__getitems__`). The DataLoader calls it
   * instead of `get` once per index when present, so a dataset can fetch a
   * whole batch in one go.
   */
  getItems?(indices: readonly number[]): T[];
  /** How to rebuild this dataset inside a DataLoader worker; see `WorkerSpec`. */
  workerSpec?(): WorkerSpec;
}

/** Base class for map-style datasets; subclasses define `get` and `length`. */
export abstract class Dataset<T> implements MapDataset<T> {
  abstract get length(): number;
  abstract get(index: number): T;

  /** Iterating a dataset walks its samples in order, as Python's `for x in dataset`. */
  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }
}

/**
 * An iterable-style dataset (PyTorch's `IterableDataset`): a stream of
 * samples. With DataLoader workers every worker iterates its own copy, so a
 * dataset that should not be duplicated splits the stream using
 * `getWorkerInfo()` (see ../workers/worker-info.ts).
 */
export abstract class IterableDataset<T> implements Iterable<T> {
  abstract [Symbol.iterator](): Iterator<T>;
  workerSpec?(): WorkerSpec;
}

/** Either kind of iterable dataset: sync, or async for streams that must wait. */
export type StreamDataset<T> = Iterable<T> | AsyncIterable<T>;

/** True for datasets the DataLoader treats as streams (no `get` by index). */
export function isStreamDataset<T>(dataset: MapDataset<T> | StreamDataset<T>): dataset is StreamDataset<T> {
  return dataset instanceof IterableDataset || typeof (dataset as Partial<MapDataset<T>>).get !== "function";
}

/** Checks an index against a dataset's length, as Python's IndexError does. */
export function checkIndex(op: string, index: number, length: number): number {
  if (!Number.isInteger(index)) throw new TypeError(`${op}: index must be an integer, got ${index}`);
  const i = index < 0 ? index + length : index;
  if (i < 0 || i >= length) throw new RangeError(`${op}: index ${index} is out of range for a dataset of length ${length}`);
  return i;
}
