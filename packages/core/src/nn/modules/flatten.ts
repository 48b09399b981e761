import type { Tensor } from "../../tensor.js";
import { Module } from "../module.js";
import { pyValue } from "../module-repr.js";

/**
 * Flattens dims `startDim`..`endDim` into one (PyTorch's `nn.Flatten`;
 * by default everything but the batch dim).
 *
 * @example
 * ```ts
 * new nn.Flatten().call(torch.randn([32, 16, 5, 5])).shape; // [32, 400]
 * ```
 */
export class Flatten extends Module {
  readonly startDim: number;
  readonly endDim: number;

  constructor(options: { startDim?: number; endDim?: number } = {}) {
    super();
    this.startDim = options.startDim ?? 1;
    this.endDim = options.endDim ?? -1;
  }

  override forward(input: Tensor): Tensor {
    return input.flatten(this.startDim, this.endDim);
  }

  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

/**
 * Splits dim `dim` into `unflattenedSize` (PyTorch's `nn.Unflatten`).
 *
 * @example
 * ```ts
 * new nn.Unflatten(1, [2, 5, 5]).call(torch.randn([2, 50])).shape; // [2, 2, 5, 5]
 * ```
 */
export class Unflatten extends Module {
  readonly dim: number;
  readonly unflattenedSize: number[];

  constructor(dim: number, unflattenedSize: readonly number[]) {
    super();
    if (!Array.isArray(unflattenedSize) || !unflattenedSize.every(Number.isInteger)) {
      throw new TypeError(`Unflatten: unflattened_size must be a list of ints, but found ${JSON.stringify(unflattenedSize)}`);
    }
    this.dim = dim;
    this.unflattenedSize = [...unflattenedSize];
  }

  override forward(input: Tensor): Tensor {
    return input.unflatten(this.dim, this.unflattenedSize);
  }

  override extraRepr(): string {
    return `dim=${this.dim}, unflattened_size=${pyValue(this.unflattenedSize)}`;
  }
}
