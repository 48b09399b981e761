import { ShapeError } from "../../errors.js";
import type { Tensor } from "../../tensor.js";
import { checkIndex, Dataset } from "./dataset.js";
import { workerModuleUrl, type WorkerSpec } from "../workers/worker-spec.js";

/**
 * PyTorch's `TensorDataset`: sample i is `[t0[i], t1[i], ...]`. All tensors
 * must share their first dimension.
 */
export class TensorDataset extends Dataset<Tensor[]> {
  readonly tensors: readonly Tensor[];

  constructor(...tensors: Tensor[]) {
    super();
    if (tensors.length === 0) throw new TypeError("TensorDataset: expected at least one tensor");
    const n = tensors[0]!.shape[0];
    if (tensors.some((t) => t.ndim === 0 || t.shape[0] !== n)) {
      throw new ShapeError(`TensorDataset: Size mismatch between tensors (first dimensions ${tensors.map((t) => t.shape[0] ?? "scalar").join(", ")})`);
    }
    this.tensors = tensors;
  }

  get length(): number {
    return this.tensors[0]!.shape[0]!;
  }

  get(index: number): Tensor[] {
    const i = checkIndex("TensorDataset.get", index, this.length);
    return this.tensors.map((t) => t.select(0, i));
  }

  workerSpec(): WorkerSpec {
    return { module: workerModuleUrl(import.meta.url), export: "TensorDataset", kind: "new", args: [...this.tensors] };
  }
}
