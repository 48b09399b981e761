import { checkIndex, Dataset, type MapDataset } from "./dataset.js";
import { workerModuleUrl, type WorkerSpec } from "../workers/worker-spec.js";

/** PyTorch's `Subset`: the samples of `dataset` at `indices`, in that order. */
export class Subset<T> extends Dataset<T> {
  constructor(
    readonly dataset: MapDataset<T>,
    readonly indices: readonly number[],
  ) {
    super();
  }

  get length(): number {
    return this.indices.length;
  }

  get(index: number): T {
    return this.dataset.get(this.indices[checkIndex("Subset.get", index, this.indices.length)]!);
  }

  workerSpec(): WorkerSpec {
    return { module: workerModuleUrl(import.meta.url), export: "Subset", kind: "new", args: [this.dataset, [...this.indices]] };
  }
}
