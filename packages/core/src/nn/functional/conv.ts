import type { Window2d } from "../../backend/backend.js";
import type { Conv2dAttrs, Shape4 } from "../../backend/fused.js";
import { record } from "../../autograd/record.js";
import { DTypeError, ShapeError } from "../../errors.js";
import { compositeForward } from "../../ops/composite.js";
import { pad } from "../../ops/pad.js";
import { shapeToString } from "../../shape.js";
import type { Tensor } from "../../tensor.js";
import { fusedBackward } from "./fused-backward.js";
import { col2im, im2col } from "./im2col.js";
import { pair, widthOnly, windowOutputSize, type IntOrPair, type Pair } from "./window.js";

/**
 * conv1d / conv2d. The forward is im2col + one batched matmul per group;
 * the gradients are the two adjoint convolutions (col2im of W^T g for the
 * input, g times the columns for the weight), each its own fused-kernel slot.
 * conv1d is conv2d over a height-1 image.
 */

export interface Conv2dOptions {
  stride?: IntOrPair;
  /** Zero padding per side, or "valid" (none) / "same" (output size = input size; stride 1 only). */
  padding?: IntOrPair | "same" | "valid";
  dilation?: IntOrPair;
  groups?: number;
}

export interface Conv1dOptions {
  stride?: number | readonly [number];
  padding?: number | readonly [number] | "same" | "valid";
  dilation?: number | readonly [number];
  groups?: number;
}

// ---- the convolution op and its gradients (all operate on 4-D tensors) ----

function windowOf(attrs: Conv2dAttrs, kernel: readonly number[]): Window2d {
  return { kernel: [kernel[0]!, kernel[1]!], stride: [...attrs.stride], padding: [...attrs.padding], dilation: [...attrs.dilation] };
}

/** im2col of x grouped for a batched matmul: [N, groups, C/groups * kH * kW, oH * oW]. */
function groupedColumns(x: Tensor, attrs: Conv2dAttrs, kernel: readonly number[], outSize: Pair): Tensor {
  const [N, C] = x.shape as Shape4;
  const cols = im2col(x, windowOf(attrs, kernel), outSize);
  return cols.reshape([N, attrs.groups, (C / attrs.groups) * kernel[0]! * kernel[1]!, outSize[0] * outSize[1]]);
}

/** Weight as one [O/groups, C/groups * kH * kW] matrix per group. */
function groupedWeight(w: Tensor, groups: number): Tensor {
  return w.reshape([groups, w.shape[0]! / groups, -1]);
}

function convDecomposed(x: Tensor, w: Tensor, bias: Tensor | null, attrs: Conv2dAttrs): Tensor {
  const [N, , H, W] = x.shape as Shape4;
  const [O, , kH, kW] = w.shape as Shape4;
  const outSize = windowOutputSize([H, W], windowOf(attrs, [kH, kW]));
  // [groups, O/g, K] @ [N, groups, K, L] broadcasts to [N, groups, O/g, L]
  const out = groupedWeight(w, attrs.groups).matmul(groupedColumns(x, attrs, [kH, kW], outSize)).reshape([N, O, ...outSize]);
  return bias ? out.add(bias.reshape([1, O, 1, 1])) : out;
}

/** The conv2d op on validated 4-D tensors with symmetric padding: one autograd node. */
export function convolution(x: Tensor, w: Tensor, bias: Tensor | null, attrs: Conv2dAttrs): Tensor {
  const out = compositeForward("conv2d", [x, w, bias], attrs, () => convDecomposed(x, w, bias, attrs));
  return record("ConvolutionBackward0", [x, w, bias], out, ([g]) => [
    x.requiresGrad ? conv2dBackwardInput(g!, w, x.shape as Shape4, attrs) : null,
    w.requiresGrad ? conv2dBackwardWeight(g!, x, w.shape as Shape4, attrs) : null,
    bias?.requiresGrad ? g!.sum([0, 2, 3]) : null,
  ], [x, w]);
}

/** The input gradient of conv2d (also the forward of convTranspose2d): col2im of W^T g. */
export function conv2dInputGradFormula(g: Tensor, w: Tensor, inputShape: Shape4, attrs: Conv2dAttrs): Tensor {
  const [N, C, H, W] = inputShape;
  const [, , kH, kW] = w.shape as Shape4;
  const [, O, oH, oW] = g.shape as Shape4;
  const G = attrs.groups;
  const cols = groupedWeight(w, G).mT.matmul(g.reshape([N, G, O / G, oH * oW]));
  return col2im(cols.reshape([N, C, kH, kW, oH, oW]), [H, W], windowOf(attrs, [kH, kW]));
}

export function conv2dBackwardInput(g: Tensor, w: Tensor, inputShape: Shape4, attrs: Conv2dAttrs): Tensor {
  return fusedBackward("conv2dBackwardInput", [g, w], { ...attrs, inputShape }, () => conv2dInputGradFormula(g, w, inputShape, attrs));
}

/** The weight gradient: per group, g [O/g, L] times the columns' transpose [L, K], summed over the batch. */
export function conv2dBackwardWeight(g: Tensor, x: Tensor, weightShape: Shape4, attrs: Conv2dAttrs): Tensor {
  return fusedBackward("conv2dBackwardWeight", [g, x], { ...attrs, weightShape }, () => {
    const [N, O, oH, oW] = g.shape as Shape4;
    const G = attrs.groups;
    const cols = groupedColumns(x, attrs, weightShape.slice(2), [oH, oW]);
    return g.reshape([N, G, O / G, oH * oW]).matmul(cols.mT).sum(0).reshape(weightShape);
  });
}

// ---- argument parsing and PyTorch's checks ----

/** Stride/dilation/groups checked as PyTorch does; padding resolved separately. */
export function convGeometry(op: string, o: { stride?: IntOrPair; dilation?: IntOrPair; groups?: number }): { stride: Pair; dilation: Pair; groups: number } {
  const stride = pair(op, "stride", o.stride ?? 1);
  const dilation = pair(op, "dilation", o.dilation ?? 1);
  const groups = o.groups ?? 1;
  if (stride.some((s) => s <= 0)) throw new RangeError(`${op}: non-positive stride is not supported`);
  if (dilation.some((d) => d <= 0)) throw new RangeError(`${op}: dilation should be greater than zero, but got ${shapeToString(dilation)}`);
  if (!Number.isInteger(groups) || groups <= 0) throw new RangeError(`${op}: non-positive groups is not supported`);
  return { stride, dilation, groups };
}

/** Shapes as the user passed them (3-D for conv1d), so messages show what they gave. */
interface ConvShapes {
  input: readonly number[];
  weight: readonly number[];
  bias: readonly number[] | null;
}

export function checkConvShapes(op: string, s: ConvShapes, groups: number, transposed: boolean): void {
  const spatial = s.input.length - 2;
  if (s.weight.length !== spatial + 2) {
    throw new ShapeError(`${op}: Expected ${spatial + 2}-dimensional weight for ${spatial + 2}-dimensional input ${shapeToString(s.input)}, but got ${s.weight.length}-dimensional weight of size ${shapeToString(s.weight)} instead`);
  }
  if (s.weight[0]! % groups !== 0) {
    throw new ShapeError(`${op}: Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size ${shapeToString(s.weight)} instead`);
  }
  const prefix = transposed ? "Given transposed=1, " : `Given groups=${groups}, `;
  const channels = transposed ? s.weight[0]! : s.weight[1]! * groups;
  if (s.input[1] !== channels) {
    throw new ShapeError(`${op}: ${prefix}weight of size ${shapeToString(s.weight)}, expected input${shapeToString(s.input)} to have ${channels} channels, but got ${s.input[1]} channels instead`);
  }
  const outChannels = transposed ? s.weight[1]! * groups : s.weight[0]!;
  if (s.bias && (s.bias.length !== 1 || s.bias[0] !== outChannels)) {
    throw new ShapeError(`${op}: ${transposed ? prefix : "Given "}weight of size ${shapeToString(s.weight)}, expected bias to be 1-dimensional with ${outChannels} elements, but got bias of size ${shapeToString(s.bias)} instead`);
  }
}

export function checkConvDTypes(op: string, input: Tensor, weight: Tensor, bias: Tensor | null): void {
  if (input.dtype !== weight.dtype) throw new DTypeError(`${op}: Input type (${input.dtype}) and weight type (${weight.dtype}) should be the same`);
  if (bias && bias.dtype !== weight.dtype) throw new DTypeError(`${op}: Input type (${input.dtype}) and bias type (${bias.dtype}) should be the same`);
}

/** Symmetric padding plus the extra row/column "same" needs at the bottom/right for even kernels. */
function resolvePadding(op: string, padding: IntOrPair | "same" | "valid", kernel: Pair, stride: Pair, dilation: Pair): { padding: Pair; extra: Pair } {
  if (padding === "valid") return { padding: [0, 0], extra: [0, 0] };
  if (padding === "same") {
    if (stride.some((s) => s !== 1)) throw new RangeError(`${op}: padding='same' is not supported for strided convolutions`);
    const total = [0, 1].map((d) => dilation[d]! * (kernel[d]! - 1));
    return { padding: total.map((t) => Math.floor(t / 2)) as Pair, extra: total.map((t) => t % 2) as Pair };
  }
  if (typeof padding === "string") throw new RangeError(`${op}: Invalid padding string: '${padding}'`);
  const p = pair(op, "padding", padding);
  if (p.some((v) => v < 0)) throw new RangeError(`${op}: negative padding is not supported`);
  return { padding: p, extra: [0, 0] };
}

/** PyTorch's message when the dilated kernel does not fit the padded input, over the user's `spatialDims` trailing dims. */
function checkKernelFits(op: string, spatialDims: number, padded: readonly number[], kernel: readonly number[]): void {
  if (padded.some((p, d) => p < kernel[d]!)) {
    const dims = (v: readonly number[]) => `(${v.slice(-spatialDims).join(" x ")})`;
    throw new ShapeError(`${op}: Calculated padded input size per channel: ${dims(padded)}. Kernel size: ${dims(kernel)}. Kernel size can't be greater than actual input size`);
  }
}

/** conv over 4-D tensors; `spatialDims` is 1 for conv1d (height 1 is internal) or 2. */
function convNd(op: string, x: Tensor, w: Tensor, bias: Tensor | null, o: Conv2dOptions, spatialDims: 1 | 2): Tensor {
  const geo = convGeometry(op, o);
  const kernel: Pair = [w.shape[2]!, w.shape[3]!];
  const { padding, extra } = resolvePadding(op, o.padding ?? 0, kernel, geo.stride, geo.dilation);
  const padded = [0, 1].map((d) => x.shape[2 + d]! + 2 * padding[d]! + extra[d]!);
  const dilatedKernel = [0, 1].map((d) => geo.dilation[d]! * (kernel[d]! - 1) + 1);
  checkKernelFits(op, spatialDims, padded, dilatedKernel);
  // PyTorch pads the odd extra row/column of "same" at the bottom/right
  const input = extra[0] || extra[1] ? pad(x, [0, extra[1], 0, extra[0]]) : x;
  return convolution(input, w, bias, { ...geo, padding });
}

export function conv2d(input: Tensor, weight: Tensor, bias?: Tensor | null, options: Conv2dOptions = {}): Tensor {
  if (input.ndim !== 3 && input.ndim !== 4) {
    throw new ShapeError(`conv2d: Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: ${shapeToString(input.shape)}`);
  }
  const batched = input.ndim === 4;
  const x = batched ? input : input.unsqueeze(0);
  const b = bias ?? null;
  checkConvShapes("conv2d", { input: x.shape, weight: weight.shape, bias: b?.shape ?? null }, options.groups ?? 1, false);
  checkConvDTypes("conv2d", x, weight, b);
  const out = convNd("conv2d", x, weight, b, options, 2);
  return batched ? out : out.squeeze(0);
}

export function conv1d(input: Tensor, weight: Tensor, bias?: Tensor | null, options: Conv1dOptions = {}): Tensor {
  if (input.ndim !== 2 && input.ndim !== 3) {
    throw new ShapeError(`conv1d: Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: ${shapeToString(input.shape)}`);
  }
  const batched = input.ndim === 3;
  const x = batched ? input : input.unsqueeze(0);
  const b = bias ?? null;
  checkConvShapes("conv1d", { input: x.shape, weight: weight.shape, bias: b?.shape ?? null }, options.groups ?? 1, false);
  checkConvDTypes("conv1d", x, weight, b);
  const p = options.padding ?? 0;
  const out = convNd("conv1d", x.unsqueeze(2), weight.unsqueeze(2), b, {
    stride: widthOnly(options.stride ?? 1, 1),
    padding: typeof p === "string" ? p : widthOnly(p, 0),
    dilation: widthOnly(options.dilation ?? 1, 1),
    groups: options.groups,
  }, 1).squeeze(2);
  return batched ? out : out.squeeze(0);
}
