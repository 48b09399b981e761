import * as F from "../functional/index.js";
import { pad, type PadMode } from "../../ops/pad.js";
import type { Tensor } from "../../tensor.js";
import * as init from "../init/index.js";
import { Module } from "../module.js";
import { pyValue } from "../module-repr.js";
import type { Parameter } from "../parameter.js";
import { emptyParameter, type FactoryOptions } from "./factory.js";
import { initFanInBias } from "./linear.js";

export type PaddingMode = "zeros" | "reflect" | "replicate" | "circular";

export interface ConvOptions<N extends number[]> extends FactoryOptions {
  stride?: number | N;
  /** Zero padding per side, or "valid" (none) / "same" (output size = input size, stride 1). */
  padding?: number | N | "same" | "valid";
  dilation?: number | N;
  groups?: number;
  bias?: boolean;
  /** How padded positions are filled. Default "zeros". */
  paddingMode?: PaddingMode;
}

export interface ConvTransposeOptions<N extends number[]> extends FactoryOptions {
  stride?: number | N;
  padding?: number | N;
  outputPadding?: number | N;
  groups?: number;
  bias?: boolean;
  dilation?: number | N;
}

function tuple(layer: string, name: string, value: number | readonly number[], n: number): number[] {
  const t = typeof value === "number" ? Array.from({ length: n }, () => value) : [...value];
  if (t.length !== n || !t.every(Number.isInteger)) throw new TypeError(`${layer}: ${name} must be an int or a tuple of ${n} ints (got ${JSON.stringify(value)})`);
  return t;
}

const isAll = (t: readonly number[], v: number) => t.every((x) => x === v);

/** What every convolution layer shares (PyTorch's `_ConvNd`): shapes, checks, defaults and repr. */
abstract class ConvNd extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[] | "same" | "valid";
  readonly dilation: number[];
  readonly outputPadding: number[];
  readonly groups: number;
  readonly paddingMode: PaddingMode;
  readonly transposed: boolean;
  weight: Parameter;
  bias: Parameter | null;

  constructor(
    layer: string, dims: number, inChannels: number, outChannels: number, kernelSize: number | readonly number[],
    o: ConvOptions<number[]> & { outputPadding?: number | readonly number[] }, transposed: boolean,
  ) {
    super();
    const groups = o.groups ?? 1;
    if (!Number.isInteger(groups) || groups <= 0) throw new RangeError(`${layer}: groups must be a positive integer (got ${groups})`);
    if (inChannels % groups !== 0) throw new RangeError(`${layer}: in_channels must be divisible by groups (in_channels=${inChannels}, groups=${groups})`);
    if (outChannels % groups !== 0) throw new RangeError(`${layer}: out_channels must be divisible by groups (out_channels=${outChannels}, groups=${groups})`);
    const padding = o.padding ?? 0;
    this.stride = tuple(layer, "stride", o.stride ?? 1, dims);
    if (typeof padding === "string") {
      if (padding !== "same" && padding !== "valid") throw new RangeError(`${layer}: Invalid padding string '${padding}', should be one of same, valid`);
      if (padding === "same" && !isAll(this.stride, 1)) throw new RangeError(`${layer}: padding='same' is not supported for strided convolutions`);
    }
    const mode = o.paddingMode ?? "zeros";
    if (!["zeros", "reflect", "replicate", "circular"].includes(mode)) {
      throw new RangeError(`${layer}: padding_mode must be one of zeros, reflect, replicate, circular, but got padding_mode='${mode}'`);
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = tuple(layer, "kernel_size", kernelSize, dims);
    this.padding = typeof padding === "string" ? padding : tuple(layer, "padding", padding, dims);
    this.dilation = tuple(layer, "dilation", o.dilation ?? 1, dims);
    this.outputPadding = tuple(layer, "output_padding", o.outputPadding ?? 0, dims);
    this.groups = groups;
    this.paddingMode = mode;
    this.transposed = transposed;
    const shape = transposed ? [inChannels, outChannels / groups, ...this.kernelSize] : [outChannels, inChannels / groups, ...this.kernelSize];
    this.weight = emptyParameter(shape, o);
    this.bias = (o.bias ?? true) ? emptyParameter([outChannels], o) : null;
    this.resetParameters();
  }

  /** kaiming_uniform(a=sqrt(5)) on the weight and U(-1/sqrt(fanIn), 1/sqrt(fanIn)) on the bias, as PyTorch. */
  resetParameters(): void {
    init.kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    initFanInBias(this.bias, this.weight);
  }

  /** For non-zero padding modes: pad the input explicitly, then convolve without padding. */
  protected padInput(input: Tensor): Tensor {
    if (this.paddingMode === "zeros" || this.padding === "valid") return input;
    // (before, after) per spatial dim; "same" puts the odd extra element after, as PyTorch does
    const sides = this.kernelSize.map((k, d): [number, number] => {
      if (this.padding !== "same") return [(this.padding as number[])[d]!, (this.padding as number[])[d]!];
      const total = this.dilation[d]! * (k - 1);
      return [Math.floor(total / 2), total - Math.floor(total / 2)];
    });
    // F.pad lists the pairs from the last dim backwards
    return pad(input, sides.reverse().flat(), { mode: this.paddingMode as PadMode });
  }

  protected get convPadding(): number[] | "same" | "valid" {
    if (this.paddingMode === "zeros") return this.padding;
    return this.kernelSize.map(() => 0);
  }

  override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${pyValue(this.kernelSize)}, stride=${pyValue(this.stride)}`;
    if (typeof this.padding === "string") s += `, padding=${this.padding}`;
    else if (!isAll(this.padding, 0)) s += `, padding=${pyValue(this.padding)}`;
    if (!isAll(this.dilation, 1)) s += `, dilation=${pyValue(this.dilation)}`;
    if (!isAll(this.outputPadding, 0)) s += `, output_padding=${pyValue(this.outputPadding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ", bias=False";
    if (this.paddingMode !== "zeros") s += `, padding_mode=${this.paddingMode}`;
    return s;
  }
}

/**
 * 1-D convolution over [N, C, L] (PyTorch's `nn.Conv1d`).
 *
 * @example
 * ```ts
 * const conv = new nn.Conv1d(16, 33, 3, { stride: 2 });
 * conv.call(torch.randn([20, 16, 50])).shape; // [20, 33, 24]
 * ```
 */
export class Conv1d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: number | [number], options: ConvOptions<[number]> = {}) {
    super("Conv1d", 1, inChannels, outChannels, kernelSize, options, false);
  }

  override forward(input: Tensor): Tensor {
    const p = this.convPadding;
    return F.conv1d(this.padInput(input), this.weight, this.bias, {
      stride: this.stride[0]!, padding: typeof p === "string" ? p : p[0]!, dilation: this.dilation[0]!, groups: this.groups,
    });
  }
}

/**
 * 2-D convolution over [N, C, H, W] (PyTorch's `nn.Conv2d`); weight
 * [out, in / groups, kH, kW].
 *
 * @example
 * ```ts
 * const conv = new nn.Conv2d(3, 6, 5, { stride: 1, padding: 0, bias: true });
 * conv.call(torch.randn([1, 3, 32, 32])).shape; // [1, 6, 28, 28]
 * ```
 */
export class Conv2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: number | [number, number], options: ConvOptions<[number, number]> = {}) {
    super("Conv2d", 2, inChannels, outChannels, kernelSize, options, false);
  }

  override forward(input: Tensor): Tensor {
    const p = this.convPadding;
    return F.conv2d(this.padInput(input), this.weight, this.bias, {
      stride: pairOf(this.stride), padding: typeof p === "string" ? p : pairOf(p), dilation: pairOf(this.dilation), groups: this.groups,
    });
  }
}

function pairOf(t: readonly number[]): [number, number] {
  return [t[0]!, t[1]!];
}

/**
 * Transposed 2-D convolution (PyTorch's `nn.ConvTranspose2d`, the gradient
 * of Conv2d with respect to its input); weight [in, out / groups, kH, kW].
 * `call(input, outputSize)` picks the output padding that gives that size.
 *
 * @example
 * ```ts
 * const up = new nn.ConvTranspose2d(16, 8, 3, { stride: 2, padding: 1 });
 * up.call(x, [64, 64]); // output_padding chosen to reach 64 x 64
 * ```
 */
export class ConvTranspose2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: number | [number, number], options: ConvTransposeOptions<[number, number]> = {}) {
    super("ConvTranspose2d", 2, inChannels, outChannels, kernelSize, options, true);
  }

  override forward(input: Tensor, outputSize?: readonly number[]): Tensor {
    const outputPadding = outputSize ? this.#outputPaddingFor(input, outputSize) : this.outputPadding;
    return F.convTranspose2d(input, this.weight, this.bias, {
      stride: pairOf(this.stride), padding: pairOf(this.padding as number[]), outputPadding: pairOf(outputPadding), groups: this.groups, dilation: pairOf(this.dilation),
    });
  }

  /** The output padding for a requested size, which must lie in the range the stride allows. */
  #outputPaddingFor(input: Tensor, outputSize: readonly number[]): number[] {
    const size = outputSize.length === 4 ? outputSize.slice(2) : [...outputSize];
    if (size.length !== 2) throw new RangeError(`ConvTranspose2d: output_size must have 2 or 4 elements (got ${outputSize.length})`);
    const padding = this.padding as number[];
    return size.map((want, d) => {
      const min = (input.shape[input.ndim - 2 + d]! - 1) * this.stride[d]! - 2 * padding[d]! + this.dilation[d]! * (this.kernelSize[d]! - 1) + 1;
      const max = min + this.stride[d]! - 1;
      if (want < min || want > max) {
        throw new RangeError(`ConvTranspose2d: requested an output size of [${size.join(", ")}], but valid sizes range from ${min} to ${max} in dim ${d} (for an input of [${input.shape.slice(-2).join(", ")}])`);
      }
      return want - min;
    });
  }
}

/**
 * 3-D convolution over [N, C, D, H, W] (PyTorch's `nn.Conv3d`); weight
 * [out, in / groups, kD, kH, kW].
 *
 * @example
 * ```ts
 * const conv = new nn.Conv3d(16, 33, 3, { stride: 2 });
 * conv.call(torch.randn([2, 16, 10, 50, 50])).shape; // [2, 33, 4, 24, 24]
 * ```
 */
export class Conv3d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: number | [number, number, number], options: ConvOptions<[number, number, number]> = {}) {
    super("Conv3d", 3, inChannels, outChannels, kernelSize, options, false);
  }

  override forward(input: Tensor): Tensor {
    const p = this.convPadding;
    const tripleOf = (t: readonly number[]): [number, number, number] => [t[0]!, t[1]!, t[2]!];
    return F.conv3d(this.padInput(input), this.weight, this.bias, {
      stride: tripleOf(this.stride), padding: typeof p === "string" ? p : tripleOf(p), dilation: tripleOf(this.dilation), groups: this.groups,
    });
  }
}
