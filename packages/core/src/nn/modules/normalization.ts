import * as F from "../functional/index.js";
import type { Tensor } from "../../tensor.js";
import * as init from "../init/index.js";
import { Module } from "../module.js";
import { pyFloat, pyValue } from "../module-repr.js";
import type { Parameter } from "../parameter.js";
import { emptyParameter, type FactoryOptions } from "./factory.js";

export interface LayerNormOptions extends FactoryOptions {
  /** Default 1e-5. */
  eps?: number;
  /** Learnable elementwise scale and shift over the normalised shape. Default true. */
  elementwiseAffine?: boolean;
}

/**
 * Normalises over the trailing `normalizedShape` dims (PyTorch's
 * `nn.LayerNorm`); weight starts at ones and bias at zeros.
 *
 * @example
 * ```ts
 * const ln = new nn.LayerNorm(512);
 * ln.call(torch.randn([4, 10, 512]));
 * ```
 */
export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    this.normalizedShape = typeof normalizedShape === "number" ? [normalizedShape] : [...normalizedShape];
    this.eps = options.eps ?? 1e-5;
    this.elementwiseAffine = options.elementwiseAffine ?? true;
    this.weight = this.elementwiseAffine ? emptyParameter(this.normalizedShape, options) : null;
    this.bias = this.elementwiseAffine ? emptyParameter(this.normalizedShape, options) : null;
    this.resetParameters();
  }

  resetParameters(): void {
    if (this.weight) init.ones_(this.weight);
    if (this.bias) init.zeros_(this.bias);
  }

  override forward(input: Tensor): Tensor {
    return F.layerNorm(input, this.normalizedShape, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  override extraRepr(): string {
    return `${pyValue(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyValue(this.elementwiseAffine)}`;
  }
}

export interface GroupNormOptions extends FactoryOptions {
  /** Default 1e-5. */
  eps?: number;
  /** Learnable per-channel scale and shift. Default true. */
  affine?: boolean;
}

/**
 * Normalises each group of channels over the group and the spatial dims
 * (PyTorch's `nn.GroupNorm`).
 *
 * @example
 * ```ts
 * const gn = new nn.GroupNorm(4, 32);  // 4 groups of 8 channels
 * ```
 */
export class GroupNorm extends Module {
  readonly numGroups: number;
  readonly numChannels: number;
  readonly eps: number;
  readonly affine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(numGroups: number, numChannels: number, options: GroupNormOptions = {}) {
    super();
    if (numChannels % numGroups !== 0) throw new RangeError(`GroupNorm: num_channels must be divisible by num_groups (num_channels=${numChannels}, num_groups=${numGroups})`);
    this.numGroups = numGroups;
    this.numChannels = numChannels;
    this.eps = options.eps ?? 1e-5;
    this.affine = options.affine ?? true;
    this.weight = this.affine ? emptyParameter([numChannels], options) : null;
    this.bias = this.affine ? emptyParameter([numChannels], options) : null;
    this.resetParameters();
  }

  resetParameters(): void {
    if (this.weight) init.ones_(this.weight);
    if (this.bias) init.zeros_(this.bias);
  }

  override forward(input: Tensor): Tensor {
    return F.groupNorm(input, this.numGroups, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${pyFloat(this.eps)}, affine=${pyValue(this.affine)}`;
  }
}
