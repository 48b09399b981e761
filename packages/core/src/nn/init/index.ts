import { noGrad } from "../../autograd/grad-mode.js";
import { ShapeError } from "../../errors.js";
import { tensor as makeTensor } from "../../ops/creation.js";
import { defaultGenerator, type Generator } from "../../random/generator.js";
import { shapeToString } from "../../shape.js";
import type { Tensor } from "../../tensor.js";
import { correctFan, calculateFanInAndFanOut, type FanMode } from "./fan.js";
import { calculateGain, type Nonlinearity } from "./gain.js";
import { orthonormalColumns } from "./orthogonal-basis.js";

/**
 * `torch.nn.init`: fill a tensor in place (under no-grad, so parameters can
 * be initialised directly) from the distributions PyTorch uses. Every
 * function takes an optional seedable `generator`.
 */

export { calculateGain, type Nonlinearity } from "./gain.js";
export { calculateFanInAndFanOut, type FanMode } from "./fan.js";

export interface GeneratorOption {
  generator?: Generator;
}

export interface KaimingOptions extends GeneratorOption {
  /** Negative slope of the rectifier after this layer (leaky_relu only). Default 0. */
  a?: number;
  /** "fan_in" (default) preserves the forward pass' variance, "fan_out" the backward pass'. */
  mode?: FanMode;
  /** Default "leaky_relu". */
  nonlinearity?: Nonlinearity;
}

export interface GainOptions extends GeneratorOption {
  /** Scaling factor. Default 1. */
  gain?: number;
}

/** Fills with U(a, b). */
export function uniform_(tensor: Tensor, a = 0, b = 1, options: GeneratorOption = {}): Tensor {
  return noGrad(() => tensor.uniform_(a, b, { generator: options.generator ?? defaultGenerator }));
}

/** Fills with N(mean, std²). */
export function normal_(tensor: Tensor, mean = 0, std = 1, options: GeneratorOption = {}): Tensor {
  return noGrad(() => tensor.normal_(mean, std, { generator: options.generator ?? defaultGenerator }));
}

/** Fills with `value`. */
export function constant_(tensor: Tensor, value: number): Tensor {
  return noGrad(() => tensor.fill_(value));
}

export function zeros_(tensor: Tensor): Tensor {
  return constant_(tensor, 0);
}

export function ones_(tensor: Tensor): Tensor {
  return constant_(tensor, 1);
}

/** PyTorch skips (with a warning) initialising a tensor with a zero-size dim. */
function isEmpty(tensor: Tensor): boolean {
  if (tensor.numel() > 0) return false;
  console.warn("nn.init: Initializing zero-element tensors is a no-op");
  return true;
}

function kaimingStd(tensor: Tensor, options: KaimingOptions): number {
  const fan = correctFan(tensor, options.mode ?? "fan_in");
  return calculateGain(options.nonlinearity ?? "leaky_relu", options.a ?? 0) / Math.sqrt(fan);
}

/**
 * He initialisation, uniform: U(-bound, bound) with bound = gain * sqrt(3 / fan).
 * Linear and Conv layers use it with `a: Math.sqrt(5)`, giving bound = 1 / sqrt(fan_in).
 */
export function kaimingUniform_(tensor: Tensor, options: KaimingOptions = {}): Tensor {
  if (isEmpty(tensor)) return tensor;
  const bound = Math.sqrt(3) * kaimingStd(tensor, options);
  return uniform_(tensor, -bound, bound, options);
}

/** He initialisation, normal: N(0, std²) with std = gain / sqrt(fan). */
export function kaimingNormal_(tensor: Tensor, options: KaimingOptions = {}): Tensor {
  if (isEmpty(tensor)) return tensor;
  return normal_(tensor, 0, kaimingStd(tensor, options), options);
}

function xavierStd(tensor: Tensor, gain: number): number {
  const { fanIn, fanOut } = calculateFanInAndFanOut(tensor);
  return gain * Math.sqrt(2 / (fanIn + fanOut));
}

/** Glorot initialisation, uniform: U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out)). */
export function xavierUniform_(tensor: Tensor, options: GainOptions = {}): Tensor {
  const a = Math.sqrt(3) * xavierStd(tensor, options.gain ?? 1);
  return uniform_(tensor, -a, a, options);
}

/** Glorot initialisation, normal: N(0, std²) with std = gain * sqrt(2 / (fan_in + fan_out)). */
export function xavierNormal_(tensor: Tensor, options: GainOptions = {}): Tensor {
  return normal_(tensor, 0, xavierStd(tensor, options.gain ?? 1), options);
}

/**
 * A (semi-)orthogonal matrix, scaled by `gain`: the tensor is viewed as
 * rows = size(0) by cols = the rest, filled from a Haar-distributed
 * orthogonal basis of a Gaussian matrix.
 */
export function orthogonal_(tensor: Tensor, options: GainOptions = {}): Tensor {
  if (tensor.ndim < 2) throw new ShapeError(`orthogonal_: Only tensors with 2 or more dimensions are supported (got shape ${shapeToString(tensor.shape)})`);
  if (tensor.numel() === 0) return tensor;
  const g = options.generator ?? defaultGenerator;
  const rows = tensor.shape[0]!;
  const cols = tensor.numel() / rows;
  const gaussian = Float64Array.from({ length: rows * cols }, () => g.normal());
  // orthonormalise along the longer side, then lay the result out as rows x cols
  const tall = rows >= cols;
  const [r, c] = tall ? [rows, cols] : [cols, rows];
  const source = tall ? gaussian : transpose(gaussian, rows, cols);
  const q = orthonormalColumns(source, r, c);
  const laid = tall ? q : transpose(q, r, c);
  const gain = options.gain ?? 1;
  const values = laid.map((v) => v * gain);
  return noGrad(() => tensor.copy_(makeTensor(values, { dtype: tensor.dtype, device: tensor.device, shape: tensor.shape })));
}

function transpose(a: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j]!;
  return out;
}
