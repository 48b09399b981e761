import type { Window2d } from "../../backend/backend.js";
import type { Pool2dAttrs, Shape4 } from "../../backend/fused.js";
import { record } from "../../autograd/record.js";
import { isFloatingPoint } from "../../dtype.js";
import { DTypeError, ShapeError } from "../../errors.js";
import { compositeForward } from "../../ops/composite.js";
import { zeros } from "../../ops/creation.js";
import { withTrustedIndices } from "../../ops/indexing.js";
import { shapeToString } from "../../shape.js";
import type { Tensor } from "../../tensor.js";
import { fusedBackward } from "./fused-backward.js";
import { hostTable } from "./host-table.js";
import { col2im, im2col } from "./im2col.js";
import { pair, widthOnly, windowCount, windowOutputSize, type IntOrPair, type Pair } from "./window.js";

/**
 * maxPool2d and avgPool2d over im2col windows, each one autograd node. Max
 * pooling pads with -Infinity, takes the argmax over each window and maps it
 * to the flat input position; its gradient scatters into those positions.
 * Average pooling sums each window and divides by a per-cell divisor; its
 * gradient spreads g / divisor back with col2im. The 1-D forms run as 2-D
 * over a height-1 image.
 */

export interface MaxPool2dOptions {
  /** Defaults to kernelSize. */
  stride?: IntOrPair | null;
  padding?: IntOrPair;
  dilation?: IntOrPair;
  ceilMode?: boolean;
  returnIndices?: boolean;
}

export interface AvgPool2dOptions {
  /** Defaults to kernelSize. */
  stride?: IntOrPair | null;
  padding?: IntOrPair;
  ceilMode?: boolean;
  countIncludePad?: boolean;
  divisorOverride?: number | null;
}

export interface MaxPool1dOptions {
  stride?: number | readonly [number] | null;
  padding?: number | readonly [number];
  dilation?: number | readonly [number];
  ceilMode?: boolean;
  returnIndices?: boolean;
}

export interface AvgPool1dOptions {
  stride?: number | readonly [number] | null;
  padding?: number | readonly [number];
  ceilMode?: boolean;
  countIncludePad?: boolean;
}

type MaxPoolAttrs = Pool2dAttrs & { dilation: Pair };
type AvgPoolAttrs = Pool2dAttrs & { countIncludePad: boolean; divisorOverride: number | null };

function windowOf(a: Pool2dAttrs, dilation: Pair = [1, 1]): Window2d {
  return { kernel: [...a.kernelSize], stride: [...a.stride], padding: [...a.padding], dilation: [...dilation] };
}

// ---- max pooling ----

/**
 * Flat input position of every window element, [kH * kW, oH, oW]. Elements
 * in the padding map to the window's first in-bounds position: that is where
 * PyTorch points when nothing beats -Infinity.
 */
function windowPositions(x: Tensor, w: Window2d, out: Pair): Tensor {
  const [H, W] = [x.shape[2]!, x.shape[3]!];
  const [kH, kW] = w.kernel;
  const firstInside = (start: number, dil: number) => (start >= 0 ? start : start + Math.ceil(-start / dil) * dil);
  return hostTable([kH * kW, out[0], out[1]], "int64", x, (flat) => {
    const j = flat % out[1];
    const i = Math.floor(flat / out[1]) % out[0];
    const k = Math.floor(flat / (out[0] * out[1]));
    const [h0, w0] = [i * w.stride[0] - w.padding[0], j * w.stride[1] - w.padding[1]];
    const h = h0 + Math.floor(k / kW) * w.dilation[0];
    const c = w0 + (k % kW) * w.dilation[1];
    const inside = h >= 0 && h < H && c >= 0 && c < W;
    return inside ? h * W + c : firstInside(h0, w.dilation[0]) * W + firstInside(w0, w.dilation[1]);
  });
}

function maxPoolDecomposed(x: Tensor, a: MaxPoolAttrs): [Tensor, Tensor] {
  const [N, C, H, W] = x.shape as Shape4;
  const window = windowOf(a, a.dilation);
  const outSize = windowOutputSize([H, W], window, a.ceilMode);
  const K = a.kernelSize[0] * a.kernelSize[1];
  const cols = im2col(x, window, outSize, -Infinity).reshape([N, C, K, ...outSize]);
  const best = cols.argmax(2, { keepdim: true });
  const positions = windowPositions(x, window, outSize).expand([N, C, K, ...outSize]);
  // argmax indices are in range by construction: no read-back to check them
  return withTrustedIndices(() => [cols.gather(2, best).squeeze(2), positions.gather(2, best).squeeze(2)]);
}

/** Gradient of max pooling: g added at the flat plane positions `indices` name. */
export function maxPoolBackward(g: Tensor, indices: Tensor, inputShape: Shape4): Tensor {
  return fusedBackward("maxPool2dBackward", [g, indices], { inputShape }, () => {
    const [N, C, H, W] = inputShape;
    const plane = zeros([N, C, H * W], { dtype: g.dtype, device: g.device });
    // the forward's own indices, which its node saves against in-place changes
    return withTrustedIndices(() => plane.scatterAdd(2, indices.reshape([N, C, -1]), g.reshape([N, C, -1])).reshape(inputShape));
  });
}

function maxPool(x: Tensor, a: MaxPoolAttrs): [Tensor, Tensor] {
  const [out, indices] = compositeForward("maxPool2d", [x], a, () => maxPoolDecomposed(x, a));
  return record("MaxPool2DWithIndicesBackward0", [x], [out, indices], ([g]) => [maxPoolBackward(g!, indices, x.shape as Shape4)], [indices]);
}

// ---- average pooling ----

/** Per-cell divisor [oH, oW]: PyTorch's window size clipped to the padded input, or to the input without countIncludePad. */
function divisors(x: Tensor, a: AvgPoolAttrs, out: Pair): Tensor {
  const size = [x.shape[2]!, x.shape[3]!];
  const extent = (d: number, o: number) => {
    const start = o * a.stride[d]! - a.padding[d]!;
    const end = Math.min(start + a.kernelSize[d]!, size[d]! + a.padding[d]!);
    return a.countIncludePad ? end - start : Math.min(end, size[d]!) - Math.max(start, 0);
  };
  const dtype = isFloatingPoint(x.dtype) ? x.dtype : "int64";
  return hostTable(out, dtype, x, (flat) => a.divisorOverride ?? extent(0, Math.floor(flat / out[1])) * extent(1, flat % out[1]));
}

function avgPool(x: Tensor, a: AvgPoolAttrs): Tensor {
  const [N, C, H, W] = x.shape as Shape4;
  const window = windowOf(a);
  const outSize = windowOutputSize([H, W], window, a.ceilMode);
  const divisor = divisors(x, a, outSize);
  const out = compositeForward("avgPool2d", [x], a, () => {
    const sums = im2col(x, window, outSize).sum([2, 3]);
    // integer images divide with truncation, as PyTorch's integer kernels do
    return isFloatingPoint(x.dtype) ? sums.div(divisor) : sums.div(divisor, { roundingMode: "trunc" });
  });
  return record("AvgPool2DBackward0", [x], out, ([g]) => {
    const spread = g!.div(divisor).reshape([N, C, 1, 1, ...outSize]).expand([N, C, ...a.kernelSize, ...outSize]);
    return [col2im(spread, [H, W], window)];
  });
}

// ---- argument handling ----

function checkInput(op: string, x: Tensor, spatialDims: 1 | 2): void {
  const rank = spatialDims + 1;
  const nonBatch = x.shape.slice(x.ndim - rank);
  if ((x.ndim !== rank && x.ndim !== rank + 1) || nonBatch.some((s) => s === 0)) {
    const what = spatialDims === 2 ? "3D or 4D" : "2D or 3D";
    throw new ShapeError(`${op}: Expected ${what} (batch mode) tensor with optional 0 dim batch size for input, but got:${shapeToString(x.shape)}`);
  }
}

function poolAttrs(op: string, kernelSize: IntOrPair, o: { stride?: IntOrPair | null; padding?: IntOrPair; ceilMode?: boolean }): Pool2dAttrs {
  const kernel = pair(op, "kernel_size", kernelSize);
  const stride = o.stride == null ? kernel : pair(op, "stride", o.stride);
  const padding = pair(op, "padding", o.padding ?? 0);
  if (padding.some((p) => p < 0)) throw new RangeError(`${op}: pad must be non-negative, but got pad: ${padding.find((p) => p < 0)}`);
  if (stride.some((s) => s === 0)) throw new RangeError(`${op}: stride should not be zero`);
  if (stride.some((s) => s < 0)) throw new RangeError(`${op}: stride should be greater than zero, but got dH: ${stride[0]} dW: ${stride[1]}`);
  if (kernel.some((k) => k <= 0)) throw new RangeError(`${op}: kernel_size should be greater than zero, but got kH: ${kernel[0]} kW: ${kernel[1]}`);
  const bad = [0, 1].find((d) => padding[d]! > kernel[d]! / 2);
  if (bad !== undefined) throw new RangeError(`${op}: pad should be at most half of kernel size, but got pad=${padding[bad]} and kernel_size=${kernel[bad]}`);
  return { kernelSize: kernel, stride, padding, ceilMode: !!o.ceilMode };
}

function checkOutputSize(op: string, x: Tensor, a: Pool2dAttrs, dilation: Pair): void {
  const [C, H, W] = x.shape.slice(1) as [number, number, number];
  const out = [0, 1].map((d) => windowCount([H, W][d]!, a.kernelSize[d]!, a.stride[d]!, a.padding[d]!, dilation[d]!, a.ceilMode));
  if (out.some((s) => s < 1)) {
    throw new ShapeError(`${op}: Given input size: (${C}x${H}x${W}). Calculated output size: (${C}x${out[0]}x${out[1]}). Output size is too small`);
  }
}

/** Runs `pool` on a 4-D view of a 3-D (unbatched) or 4-D input. */
function batched<T extends Tensor | [Tensor, Tensor]>(x: Tensor, pool: (x4: Tensor) => T): T {
  if (x.ndim === 4) return pool(x);
  const out = pool(x.unsqueeze(0));
  return (Array.isArray(out) ? out.map((t) => t.squeeze(0)) : out.squeeze(0)) as T;
}

/** Max pooling of a 3-D or 4-D input; `op` names the user's function in errors. */
function maxPoolNd(op: string, input: Tensor, kernelSize: IntOrPair, options: MaxPool2dOptions): [Tensor, Tensor] {
  if (!isFloatingPoint(input.dtype)) throw new DTypeError(`${op}: "${op}" not implemented for '${input.dtype}'`);
  const a = { ...poolAttrs(op, kernelSize, options), dilation: pair(op, "dilation", options.dilation ?? 1) };
  if (a.dilation.some((d) => d <= 0)) throw new RangeError(`${op}: dilation should be greater than zero, but got dilationH: ${a.dilation[0]} dilationW: ${a.dilation[1]}`);
  checkOutputSize(op, input.ndim === 3 ? input.unsqueeze(0) : input, a, a.dilation);
  return batched(input, (x) => maxPool(x, a));
}

function avgPoolNd(op: string, input: Tensor, kernelSize: IntOrPair, options: AvgPool2dOptions): Tensor {
  const divisorOverride = options.divisorOverride ?? null;
  if (divisorOverride === 0) throw new RangeError(`${op}: divisor must be not zero`);
  const a = { ...poolAttrs(op, kernelSize, options), countIncludePad: options.countIncludePad ?? true, divisorOverride };
  checkOutputSize(op, input.ndim === 3 ? input.unsqueeze(0) : input, a, [1, 1]);
  return batched(input, (x) => avgPool(x, a));
}

export function maxPool2d(input: Tensor, kernelSize: IntOrPair, options: MaxPool2dOptions & { returnIndices: true }): [Tensor, Tensor];
export function maxPool2d(input: Tensor, kernelSize: IntOrPair, options?: MaxPool2dOptions): Tensor;
export function maxPool2d(input: Tensor, kernelSize: IntOrPair, options: MaxPool2dOptions = {}): Tensor | [Tensor, Tensor] {
  checkInput("max_pool2d", input, 2);
  const [out, indices] = maxPoolNd("max_pool2d", input, kernelSize, options);
  return options.returnIndices ? [out, indices] : out;
}

export function avgPool2d(input: Tensor, kernelSize: IntOrPair, options: AvgPool2dOptions = {}): Tensor {
  checkInput("avg_pool2d", input, 2);
  return avgPoolNd("avg_pool2d", input, kernelSize, options);
}

export function maxPool1d(input: Tensor, kernelSize: number | readonly [number], options: MaxPool1dOptions & { returnIndices: true }): [Tensor, Tensor];
export function maxPool1d(input: Tensor, kernelSize: number | readonly [number], options?: MaxPool1dOptions): Tensor;
export function maxPool1d(input: Tensor, kernelSize: number | readonly [number], options: MaxPool1dOptions = {}): Tensor | [Tensor, Tensor] {
  checkInput("max_pool1d", input, 1);
  const kernel = widthOnly(kernelSize, 1);
  const [out, indices] = maxPoolNd("max_pool1d", input.unsqueeze(-2), kernel, {
    stride: options.stride == null ? kernel : widthOnly(options.stride, 1),
    padding: widthOnly(options.padding ?? 0, 0),
    dilation: widthOnly(options.dilation ?? 1, 1),
    ceilMode: options.ceilMode,
  });
  return options.returnIndices ? [out.squeeze(-2), indices.squeeze(-2)] : out.squeeze(-2);
}

export function avgPool1d(input: Tensor, kernelSize: number | readonly [number], options: AvgPool1dOptions = {}): Tensor {
  checkInput("avg_pool1d", input, 1);
  const kernel = widthOnly(kernelSize, 1);
  return avgPoolNd("avg_pool1d", input.unsqueeze(-2), kernel, {
    stride: options.stride == null ? kernel : widthOnly(options.stride, 1),
    padding: widthOnly(options.padding ?? 0, 0),
    ceilMode: options.ceilMode,
    countIncludePad: options.countIncludePad,
  }).squeeze(-2);
}
