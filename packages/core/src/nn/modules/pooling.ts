import * as F from "../functional/index.js";
import type { AdaptiveSize, IntOrPair } from "../functional/index.js";
import type { Tensor } from "../../tensor.js";
import { Module } from "../module.js";
import { pyValue } from "../module-repr.js";

export interface MaxPool2dOptions<R extends boolean> {
  /** Default: kernelSize. */
  stride?: IntOrPair | null;
  padding?: IntOrPair;
  dilation?: IntOrPair;
  /** Also return the argmax indices (for MaxUnpool). Default false. */
  returnIndices?: R;
  ceilMode?: boolean;
}

/** Folds a positional stride (`MaxPool2d(3, 2)`) into the options object. */
function positionalStride<O extends { stride?: IntOrPair | null }>(strideOrOptions: IntOrPair | O, rest: O): O {
  return typeof strideOrOptions === "number" || Array.isArray(strideOrOptions) ? { ...rest, stride: strideOrOptions as IntOrPair } : (strideOrOptions as O);
}

/**
 * 2-D max pooling (PyTorch's `nn.MaxPool2d`). With `returnIndices: true`,
 * `call` returns `[output, indices]`.
 *
 * @example
 * ```ts
 * const pool = new nn.MaxPool2d(2);          // stride defaults to the kernel size
 * pool.call(torch.randn([1, 6, 28, 28])).shape; // [1, 6, 14, 14]
 * ```
 */
export class MaxPool2d<R extends boolean = false> extends Module {
  readonly kernelSize: IntOrPair;
  readonly stride: IntOrPair;
  readonly padding: IntOrPair;
  readonly dilation: IntOrPair;
  readonly returnIndices: R;
  readonly ceilMode: boolean;

  /** `new nn.MaxPool2d(2, 2)` takes the stride positionally, as PyTorch does; or `{stride, ...}`. */
  constructor(kernelSize: IntOrPair, strideOrOptions: IntOrPair | MaxPool2dOptions<R> = {}, rest: MaxPool2dOptions<R> = {}) {
    super();
    const options = positionalStride(strideOrOptions, rest);
    this.kernelSize = kernelSize;
    this.stride = options.stride ?? kernelSize;
    this.padding = options.padding ?? 0;
    this.dilation = options.dilation ?? 1;
    this.returnIndices = (options.returnIndices ?? false) as R;
    this.ceilMode = options.ceilMode ?? false;
  }

  override forward(input: Tensor): R extends true ? [Tensor, Tensor] : Tensor {
    return F.maxPool2d(input, this.kernelSize, {
      stride: this.stride, padding: this.padding, dilation: this.dilation, ceilMode: this.ceilMode, returnIndices: this.returnIndices,
    }) as R extends true ? [Tensor, Tensor] : Tensor;
  }

  override extraRepr(): string {
    return `kernel_size=${pyValue(this.kernelSize)}, stride=${pyValue(this.stride)}, padding=${pyValue(this.padding)}, dilation=${pyValue(this.dilation)}, ceil_mode=${pyValue(this.ceilMode)}`;
  }
}

export interface AvgPool2dOptions {
  /** Default: kernelSize. */
  stride?: IntOrPair | null;
  padding?: IntOrPair;
  ceilMode?: boolean;
  /** Count padded zeros in the average. Default true. */
  countIncludePad?: boolean;
  /** Divide by this instead of the window size. */
  divisorOverride?: number | null;
}

/**
 * 2-D average pooling (PyTorch's `nn.AvgPool2d`).
 *
 * @example
 * ```ts
 * const pool = new nn.AvgPool2d(3, { stride: 2, padding: 1 });
 * ```
 */
export class AvgPool2d extends Module {
  readonly kernelSize: IntOrPair;
  readonly stride: IntOrPair;
  readonly padding: IntOrPair;
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;

  /** `new nn.AvgPool2d(2, 2)` takes the stride positionally, as PyTorch does; or `{stride, ...}`. */
  constructor(kernelSize: IntOrPair, strideOrOptions: IntOrPair | AvgPool2dOptions = {}, rest: AvgPool2dOptions = {}) {
    super();
    const options = positionalStride(strideOrOptions, rest);
    this.kernelSize = kernelSize;
    this.stride = options.stride ?? kernelSize;
    this.padding = options.padding ?? 0;
    this.ceilMode = options.ceilMode ?? false;
    this.countIncludePad = options.countIncludePad ?? true;
    this.divisorOverride = options.divisorOverride ?? null;
  }

  override forward(input: Tensor): Tensor {
    return F.avgPool2d(input, this.kernelSize, {
      stride: this.stride, padding: this.padding, ceilMode: this.ceilMode, countIncludePad: this.countIncludePad, divisorOverride: this.divisorOverride,
    });
  }

  override extraRepr(): string {
    return `kernel_size=${pyValue(this.kernelSize)}, stride=${pyValue(this.stride)}, padding=${pyValue(this.padding)}`;
  }
}

/**
 * Average pooling to a fixed output size whatever the input size (PyTorch's
 * `nn.AdaptiveAvgPool2d`); `null` in the size keeps that input dim.
 *
 * @example
 * ```ts
 * const gap = new nn.AdaptiveAvgPool2d(1);                  // global average pooling
 * gap.call(torch.randn([8, 512, 7, 7])).shape; // [8, 512, 1, 1]
 * ```
 */
export class AdaptiveAvgPool2d extends Module {
  constructor(readonly outputSize: AdaptiveSize) {
    super();
  }

  override forward(input: Tensor): Tensor {
    return F.adaptiveAvgPool2d(input, this.outputSize);
  }

  override extraRepr(): string {
    return `output_size=${pyValue(this.outputSize)}`;
  }
}
