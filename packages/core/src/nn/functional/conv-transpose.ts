import type { Conv2dAttrs, Shape4 } from "../../backend/fused.js";
import { record } from "../../autograd/record.js";
import { ShapeError } from "../../errors.js";
import { compositeForward } from "../../ops/composite.js";
import { shapeToString } from "../../shape.js";
import type { Tensor } from "../../tensor.js";
import { checkConvDTypes, checkConvShapes, conv2dBackwardWeight, conv2dInputGradFormula, convGeometry, convolution } from "./conv.js";
import { pair, widthOnly, type IntOrPair, type Pair } from "./window.js";

/**
 * convTranspose1d / convTranspose2d: the adjoint of convolution in its input.
 * Its forward is conv2d's input gradient (matmul + col2im), so its input
 * gradient is a plain convolution and its weight gradient is conv2d's weight
 * gradient with the roles of input and gradient swapped.
 */

export interface ConvTranspose2dOptions {
  stride?: IntOrPair;
  padding?: IntOrPair;
  outputPadding?: IntOrPair;
  groups?: number;
  dilation?: IntOrPair;
}

export interface ConvTranspose1dOptions {
  stride?: number | readonly [number];
  padding?: number | readonly [number];
  outputPadding?: number | readonly [number];
  groups?: number;
  dilation?: number | readonly [number];
}

type TransposeAttrs = Conv2dAttrs & { outputPadding: Pair };

function outputShape(x: Tensor, w: Tensor, a: TransposeAttrs): Shape4 {
  const size = [0, 1].map((d) => (x.shape[2 + d]! - 1) * a.stride[d]! - 2 * a.padding[d]! + a.dilation[d]! * (w.shape[2 + d]! - 1) + a.outputPadding[d]! + 1);
  return [x.shape[0]!, w.shape[1]! * a.groups, size[0]!, size[1]!];
}

/** The transposed convolution on validated 4-D tensors: one autograd node. */
function transposedConvolution(x: Tensor, w: Tensor, bias: Tensor | null, attrs: TransposeAttrs): Tensor {
  const shape = outputShape(x, w, attrs);
  const { outputPadding: _, ...conv } = attrs;
  const out = compositeForward("convTranspose2d", [x, w, bias], attrs, () => {
    const y = conv2dInputGradFormula(x, w, shape, conv);
    return bias ? y.add(bias.reshape([1, shape[1], 1, 1])) : y;
  });
  return record("ConvolutionBackward0", [x, w, bias], out, ([g]) => [
    x.requiresGrad ? inputGrad(g!, w, conv, x.shape) : null,
    w.requiresGrad ? conv2dBackwardWeight(x, g!, w.shape as Shape4, conv) : null,
    bias?.requiresGrad ? g!.sum([0, 2, 3]) : null,
  ], [x, w]);
}

/** A convolution of the gradient; with outputPadding >= stride it yields extra trailing rows that no input produced. */
function inputGrad(g: Tensor, w: Tensor, conv: Conv2dAttrs, inputShape: readonly number[]): Tensor {
  const full = convolution(g, w, null, conv);
  const [H, W] = [inputShape[2]!, inputShape[3]!];
  return full.shape[2] === H && full.shape[3] === W ? full : full.narrow(2, 0, H).narrow(3, 0, W);
}

function resolve(op: string, x: Tensor, w: Tensor, o: ConvTranspose2dOptions, spatialDims: 1 | 2): TransposeAttrs {
  const geo = convGeometry(op, o);
  const padding = pair(op, "padding", o.padding ?? 0);
  const outputPadding = pair(op, "outputPadding", o.outputPadding ?? 0);
  if (padding.some((p) => p < 0)) throw new RangeError(`${op}: negative padding is not supported`);
  if (outputPadding.some((p, d) => p < 0 || (p >= geo.stride[d]! && p >= geo.dilation[d]!))) {
    const [a, b, c] = [outputPadding, geo.stride, geo.dilation];
    throw new RangeError(`${op}: output padding must be smaller than either stride or dilation, but got output_padding_height: ${a[0]} output_padding_width: ${a[1]} stride_height: ${b[0]} stride_width: ${b[1]} dilation_height: ${c[0]} dilation_width: ${c[1]}`);
  }
  const attrs = { ...geo, padding, outputPadding };
  const size = outputShape(x, w, attrs).slice(4 - spatialDims);
  if (size.some((s) => s <= 0)) {
    const dims = (v: readonly number[]) => `(${v.join(" x ")})`;
    throw new ShapeError(`${op}: Given input size per channel: ${dims(x.shape.slice(4 - spatialDims))}. Calculated output size per channel: ${dims(size)}. Output size is too small`);
  }
  return attrs;
}

export function convTranspose2d(input: Tensor, weight: Tensor, bias?: Tensor | null, options: ConvTranspose2dOptions = {}): Tensor {
  if (input.ndim !== 3 && input.ndim !== 4) {
    throw new ShapeError(`conv_transpose2d: Expected 3D (unbatched) or 4D (batched) input to conv_transpose2d, but got input of size: ${shapeToString(input.shape)}`);
  }
  const batched = input.ndim === 4;
  const x = batched ? input : input.unsqueeze(0);
  const b = bias ?? null;
  checkConvShapes("conv_transpose2d", { input: x.shape, weight: weight.shape, bias: b?.shape ?? null }, options.groups ?? 1, true);
  checkConvDTypes("conv_transpose2d", x, weight, b);
  const out = transposedConvolution(x, weight, b, resolve("conv_transpose2d", x, weight, options, 2));
  return batched ? out : out.squeeze(0);
}

export function convTranspose1d(input: Tensor, weight: Tensor, bias?: Tensor | null, options: ConvTranspose1dOptions = {}): Tensor {
  if (input.ndim !== 2 && input.ndim !== 3) {
    throw new ShapeError(`conv_transpose1d: Expected 2D (unbatched) or 3D (batched) input to conv_transpose1d, but got input of size: ${shapeToString(input.shape)}`);
  }
  const batched = input.ndim === 3;
  const x = batched ? input : input.unsqueeze(0);
  const b = bias ?? null;
  checkConvShapes("conv_transpose1d", { input: x.shape, weight: weight.shape, bias: b?.shape ?? null }, options.groups ?? 1, true);
  checkConvDTypes("conv_transpose1d", x, weight, b);
  const [x4, w4] = [x.unsqueeze(2), weight.unsqueeze(2)];
  const attrs = resolve("conv_transpose1d", x4, w4, {
    stride: widthOnly(options.stride ?? 1, 1),
    padding: widthOnly(options.padding ?? 0, 0),
    outputPadding: widthOnly(options.outputPadding ?? 0, 0),
    dilation: widthOnly(options.dilation ?? 1, 1),
    groups: options.groups,
  }, 1);
  const out = transposedConvolution(x4, w4, b, attrs).squeeze(2);
  return batched ? out : out.squeeze(0);
}
