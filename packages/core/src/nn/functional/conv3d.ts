import { isFloatingPoint } from "../../dtype.js";
import { DTypeError, ShapeError } from "../../errors.js";
import { selectPositions } from "../../ops/index-select.js";
import { pad } from "../../ops/pad.js";
import { shapeToString } from "../../shape.js";
import type { Tensor } from "../../tensor.js";
import { conv2d } from "./conv.js";

/**
 * `F.conv3d` as a sum of 2-D convolutions, one per kernel depth: the input
 * depths each output depth reads at kernel depth kd are gathered into the
 * batch dim, [N·oD, C, H, W], and convolved with the weight's slice kd, so
 * the 2-D convolution's kernels (and gradients) do the work.
 */

export type IntOrTriple = number | readonly [number, number, number];

export interface Conv3dOptions {
  stride?: IntOrTriple;
  /** Zero padding per side, or "valid" (none) / "same" (output size = input size; stride 1 only). */
  padding?: IntOrTriple | "same" | "valid";
  dilation?: IntOrTriple;
  groups?: number;
}

export function triple(op: string, name: string, v: IntOrTriple): [number, number, number] {
  const t: readonly number[] = typeof v === "number" ? [v, v, v] : v;
  if (t.length !== 3 || !t.every(Number.isInteger)) throw new TypeError(`${op}: ${name} must be an int or a tuple of three ints (got ${JSON.stringify(v)})`);
  return [t[0]!, t[1]!, t[2]!];
}

/** Pads "same" explicitly (the odd extra element after, as PyTorch does) and returns the remaining symmetric padding. */
function resolvePadding(x: Tensor, kernel: number[], dilation: number[], padding: Conv3dOptions["padding"], stride: number[]): [Tensor, number[]] {
  if (padding === "valid") return [x, [0, 0, 0]];
  if (padding === "same") {
    if (stride.some((s) => s !== 1)) throw new RangeError("conv3d: padding='same' is not supported for strided convolutions");
    const sides = kernel.map((k, d) => {
      const total = dilation[d]! * (k - 1);
      return [Math.floor(total / 2), total - Math.floor(total / 2)];
    });
    return [pad(x, sides.reverse().flat()), [0, 0, 0]];
  }
  return [x, triple("conv3d", "padding", padding ?? 0)];
}

export function conv3d(input: Tensor, weight: Tensor, bias?: Tensor | null, options: Conv3dOptions = {}): Tensor {
  if (input.ndim !== 4 && input.ndim !== 5) {
    throw new ShapeError(`conv3d: Expected 4D (unbatched) or 5D (batched) input to conv3d, but got input of size: ${shapeToString(input.shape)}`);
  }
  if (weight.ndim !== 5) throw new ShapeError(`conv3d: weight must be 5-D [out, in / groups, kD, kH, kW], got ${shapeToString(weight.shape)}`);
  if (!isFloatingPoint(input.dtype)) throw new DTypeError(`conv3d: expected a floating-point input, got ${input.dtype}`);
  const batched = input.ndim === 5;
  const x0 = batched ? input : input.unsqueeze(0);
  const groups = options.groups ?? 1;
  const [O, Cg, kD, kH, kW] = weight.shape as [number, number, number, number, number];
  if (x0.shape[1] !== Cg * groups) {
    throw new ShapeError(
      `conv3d: Given groups=${groups}, weight of size ${shapeToString(weight.shape)}, expected input${shapeToString(x0.shape)} to have ${Cg * groups} channels, but got ${x0.shape[1]} channels instead`,
    );
  }
  const stride = triple("conv3d", "stride", options.stride ?? 1);
  const dilation = triple("conv3d", "dilation", options.dilation ?? 1);
  const [x, padding] = resolvePadding(x0, [kD, kH, kW], dilation, options.padding, stride);
  const [N, C, D, H, W] = x.shape as [number, number, number, number, number];
  const paddedD = D + 2 * padding[0]!;
  const oD = Math.floor((paddedD - dilation[0] * (kD - 1) - 1) / stride[0]) + 1;
  if (oD <= 0) throw new ShapeError(`conv3d: Kernel size can't be greater than actual input size (input ${shapeToString(x0.shape)}, weight ${shapeToString(weight.shape)})`);
  const xd = padding[0]! > 0 ? pad(x, [0, 0, 0, 0, padding[0]!, padding[0]!]) : x;
  let sum: Tensor | null = null;
  for (let kd = 0; kd < kD; kd++) {
    const depths = Array.from({ length: oD }, (_, od) => od * stride[0] + kd * dilation[0]);
    const slab = selectPositions(xd, 2, depths).permute([0, 2, 1, 3, 4]).reshape([N * oD, C, H, W]);
    const term = conv2d(slab, weight.select(2, kd), null, {
      stride: [stride[1], stride[2]], padding: [padding[1]!, padding[2]!], dilation: [dilation[1], dilation[2]], groups,
    });
    sum = sum === null ? term : sum.add(term);
  }
  const [oH, oW] = [sum!.shape[2]!, sum!.shape[3]!];
  let out = sum!.reshape([N, oD, O, oH, oW]).permute([0, 2, 1, 3, 4]);
  if (bias) out = out.add(bias.reshape([1, O, 1, 1, 1]));
  return batched ? out : out.squeeze(0);
}
