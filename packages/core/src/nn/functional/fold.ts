import type { Window2d } from "../../backend/backend.js";
import { ShapeError } from "../../errors.js";
import { shapeToString } from "../../shape.js";
import type { Tensor } from "../../tensor.js";
import { col2im, im2col } from "./im2col.js";
import { formatPair, pair, windowOutputSize, type IntOrPair, type Pair } from "./window.js";

/**
 * F.unfold (sliding blocks of an image as columns) and F.fold (its adjoint:
 * columns summed back into an image), on the im2col/col2im ops; each is the
 * other's gradient.
 */

export interface FoldOptions {
  dilation?: IntOrPair;
  padding?: IntOrPair;
  stride?: IntOrPair;
}

function windowOf(op: string, kernelSize: IntOrPair, o: FoldOptions): Window2d {
  const kernel = pair(op, "kernel_size", kernelSize);
  const dilation = pair(op, "dilation", o.dilation ?? 1);
  const padding = pair(op, "padding", o.padding ?? 0);
  const stride = pair(op, "stride", o.stride ?? 1);
  const positive = (name: string, label: string, v: Pair) => {
    if (v.some((x) => x <= 0)) throw new RangeError(`${op}: ${name} should be greater than zero, but got ${label}_height: ${v[0]} ${label}_width: ${v[1]}`);
  };
  positive("kernel size", "kernel", kernel);
  positive("stride", "stride", stride);
  positive("dilation", "dilation", dilation);
  if (padding.some((x) => x < 0)) throw new RangeError(`${op}: padding should be non-negative, but got pad_height: ${padding[0]} pad_width: ${padding[1]}`);
  return { kernel, stride, padding, dilation };
}

/** The grid of sliding blocks over `size`, which must have at least one block per dim. */
function blocks(op: string, size: Pair, w: Window2d, what: string): Pair {
  const out = windowOutputSize(size, w);
  if (out.some((n) => n < 1)) {
    throw new ShapeError(`${op}: Given ${what} ${formatPair(size)}, kernel_size=${formatPair(w.kernel)}, dilation=${formatPair(w.dilation)}, padding=${formatPair(w.padding)}, calculated shape of the array of sliding blocks as ${formatPair(out)}, but its components must be at least one.`);
  }
  return out;
}

/** `F.unfold(input, kernelSize, {dilation, padding, stride})`: (N, C, H, W) or (C, H, W) -> (N, C * kH * kW, L). */
export function unfold(input: Tensor, kernelSize: IntOrPair, options: FoldOptions = {}): Tensor {
  if ((input.ndim !== 3 && input.ndim !== 4) || input.shape.slice(-3).some((s) => s === 0)) {
    throw new ShapeError(`unfold: Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: ${shapeToString(input.shape)}`);
  }
  const w = windowOf("unfold", kernelSize, options);
  const x = input.ndim === 4 ? input : input.unsqueeze(0);
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const out = blocks("unfold", [H, W], w, "input with spatial size");
  const cols = im2col(x, w, out).reshape([N, C * w.kernel[0] * w.kernel[1], out[0] * out[1]]);
  return input.ndim === 4 ? cols : cols.squeeze(0);
}

/** `F.fold(input, outputSize, kernelSize, {dilation, padding, stride})`: (N, C * kH * kW, L) or (C * kH * kW, L) -> (N, C, H, W). */
export function fold(input: Tensor, outputSize: IntOrPair, kernelSize: IntOrPair, options: FoldOptions = {}): Tensor {
  if ((input.ndim !== 2 && input.ndim !== 3) || input.shape.slice(-2).some((s) => s === 0)) {
    throw new ShapeError(`fold: Expected 2D or 3D (batch mode) tensor with possibly 0 batch size and non-zero dimensions for input, but got: ${shapeToString(input.shape)}`);
  }
  const w = windowOf("fold", kernelSize, options);
  const size = pair("fold", "output_size", outputSize);
  const x = input.ndim === 3 ? input : input.unsqueeze(0);
  const [N, rows, L] = x.shape as [number, number, number];
  const k = w.kernel[0] * w.kernel[1];
  if (rows % k !== 0) {
    throw new ShapeError(`fold: Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=${rows} and kernel_size=${formatPair(w.kernel)}.`);
  }
  const out = blocks("fold", size, w, "output_size");
  if (out[0] * out[1] !== L) {
    throw new ShapeError(`fold: Given output_size=${formatPair(size)}, kernel_size=${formatPair(w.kernel)}, dilation=${formatPair(w.dilation)}, padding=${formatPair(w.padding)}, stride=${formatPair(w.stride)}, expected size of input's dimension 2 to match the calculated number of sliding blocks ${out[0]} * ${out[1]} = ${out[0] * out[1]}, but got input.size(2)=${L}.`);
  }
  const image = col2im(x.reshape([N, rows / k, w.kernel[0], w.kernel[1], out[0], out[1]]), size, w);
  return input.ndim === 3 ? image : image.squeeze(0);
}
