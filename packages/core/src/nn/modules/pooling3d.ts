import * as F from "../functional/index.js";
import type { IntOrTriple } from "../functional/index.js";
import type { Tensor } from "../../tensor.js";
import { Module } from "../module.js";
import { pyValue } from "../module-repr.js";

export interface MaxPool3dOptions {
  /** Default: kernelSize. */
  stride?: IntOrTriple | null;
  padding?: IntOrTriple;
  dilation?: IntOrTriple;
  ceilMode?: boolean;
}

export interface AvgPool3dOptions {
  /** Default: kernelSize. */
  stride?: IntOrTriple | null;
  padding?: IntOrTriple;
  ceilMode?: boolean;
  countIncludePad?: boolean;
  divisorOverride?: number | null;
}

function positionalStride<O extends { stride?: IntOrTriple | null }>(strideOrOptions: IntOrTriple | O, rest: O): O {
  return typeof strideOrOptions === "number" || Array.isArray(strideOrOptions) ? { ...rest, stride: strideOrOptions as IntOrTriple } : (strideOrOptions as O);
}

/** 3-D max pooling over [N, C, D, H, W] (PyTorch's `nn.MaxPool3d`); `new nn.MaxPool3d(2, 2)` takes the stride positionally. */
export class MaxPool3d extends Module {
  readonly kernelSize: IntOrTriple;
  readonly stride: IntOrTriple;
  readonly padding: IntOrTriple;
  readonly dilation: IntOrTriple;
  readonly ceilMode: boolean;

  constructor(kernelSize: IntOrTriple, strideOrOptions: IntOrTriple | MaxPool3dOptions = {}, rest: MaxPool3dOptions = {}) {
    super();
    const o = positionalStride(strideOrOptions, rest);
    this.kernelSize = kernelSize;
    this.stride = o.stride ?? kernelSize;
    this.padding = o.padding ?? 0;
    this.dilation = o.dilation ?? 1;
    this.ceilMode = o.ceilMode ?? false;
  }

  override forward(input: Tensor): Tensor {
    return F.maxPool3d(input, this.kernelSize, { stride: this.stride, padding: this.padding, dilation: this.dilation, ceilMode: this.ceilMode });
  }

  override extraRepr(): string {
    return `kernel_size=${pyValue(this.kernelSize)}, stride=${pyValue(this.stride)}, padding=${pyValue(this.padding)}, dilation=${pyValue(this.dilation)}, ceil_mode=${pyValue(this.ceilMode)}`;
  }
}

/** 3-D average pooling over [N, C, D, H, W] (PyTorch's `nn.AvgPool3d`). */
export class AvgPool3d extends Module {
  readonly kernelSize: IntOrTriple;
  readonly stride: IntOrTriple;
  readonly padding: IntOrTriple;
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;

  constructor(kernelSize: IntOrTriple, strideOrOptions: IntOrTriple | AvgPool3dOptions = {}, rest: AvgPool3dOptions = {}) {
    super();
    const o = positionalStride(strideOrOptions, rest);
    this.kernelSize = kernelSize;
    this.stride = o.stride ?? kernelSize;
    this.padding = o.padding ?? 0;
    this.ceilMode = o.ceilMode ?? false;
    this.countIncludePad = o.countIncludePad ?? true;
    this.divisorOverride = o.divisorOverride ?? null;
  }

  override forward(input: Tensor): Tensor {
    return F.avgPool3d(input, this.kernelSize, {
      stride: this.stride, padding: this.padding, ceilMode: this.ceilMode, countIncludePad: this.countIncludePad, divisorOverride: this.divisorOverride,
    });
  }

  override extraRepr(): string {
    return `kernel_size=${pyValue(this.kernelSize)}, stride=${pyValue(this.stride)}, padding=${pyValue(this.padding)}`;
  }
}
