import { checkIndex, Dataset, type MapDataset } from "./dataset.js";
import { workerModuleUrl, type WorkerSpec } from "../workers/worker-spec.js";

/** PyTorch's `ConcatDataset`: several datasets end to end. */
export class ConcatDataset<T> extends Dataset<T> {
  readonly datasets: readonly MapDataset<T>[];
  /** Running totals of the lengths (PyTorch's `cumulative_sizes`). */
  readonly cumulativeSizes: readonly number[];

  constructor(datasets: readonly MapDataset<T>[]) {
    super();
    if (datasets.length === 0) throw new TypeError("ConcatDataset: datasets should not be an empty iterable");
    this.datasets = [...datasets];
    let total = 0;
    this.cumulativeSizes = this.datasets.map((d) => (total += d.length));
  }

  get length(): number {
    return this.cumulativeSizes[this.cumulativeSizes.length - 1]!;
  }

  get(index: number): T {
    const i = checkIndex("ConcatDataset.get", index, this.length);
    const which = this.datasetOf(i);
    const start = which === 0 ? 0 : this.cumulativeSizes[which - 1]!;
    return this.datasets[which]!.get(i - start);
  }

  /** Binary search for the dataset holding global index `i`. */
  private datasetOf(i: number): number {
    let lo = 0;
    let hi = this.cumulativeSizes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (i < this.cumulativeSizes[mid]!) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  workerSpec(): WorkerSpec {
    return { module: workerModuleUrl(import.meta.url), export: "ConcatDataset", kind: "new", args: [[...this.datasets]] };
  }
}
