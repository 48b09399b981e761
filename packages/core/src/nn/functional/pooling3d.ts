import { ShapeError } from "../../errors.js";
import { shapeToString } from "../../shape.js";
import type { Tensor } from "../../tensor.js";
import { triple, type IntOrTriple } from "./conv3d.js";
import { avgPool2d, maxPool2d } from "./pooling.js";

/**
 * `F.maxPool3d` and `F.avgPool3d` as two 2-D pools: over (H, W) with the
 * depth dim as channels, then over D with the (H, W) positions flattened
 * into a width. A max (or a sum with per-dim divisors) over a box is the
 * same taken one axis at a time, and each axis keeps PyTorch's padding and
 * ceil-mode window rules.
 */

export interface MaxPool3dOptions {
  /** Defaults to kernelSize. */
  stride?: IntOrTriple | null;
  padding?: IntOrTriple;
  dilation?: IntOrTriple;
  ceilMode?: boolean;
  /** Not supported for 3-D pooling. */
  returnIndices?: boolean;
}

export interface AvgPool3dOptions {
  /** Defaults to kernelSize. */
  stride?: IntOrTriple | null;
  padding?: IntOrTriple;
  ceilMode?: boolean;
  countIncludePad?: boolean;
  divisorOverride?: number | null;
}

interface Box {
  x: Tensor;
  batched: boolean;
  kernel: [number, number, number];
  stride: [number, number, number];
  padding: [number, number, number];
}

function box(op: string, input: Tensor, kernelSize: IntOrTriple, stride: IntOrTriple | null | undefined, padding: IntOrTriple | undefined): Box {
  if (input.ndim !== 4 && input.ndim !== 5) throw new ShapeError(`${op}: Expected 4D or 5D input tensor for ${op}, but got ${shapeToString(input.shape)}`);
  const kernel = triple(op, "kernel_size", kernelSize);
  return {
    x: input.ndim === 5 ? input : input.unsqueeze(0),
    batched: input.ndim === 5,
    kernel,
    stride: stride == null ? kernel : triple(op, "stride", stride),
    padding: triple(op, "padding", padding ?? 0),
  };
}

/** Runs `plane` over (H, W) of every depth slice, then `depth` over D; returns [N, C, oD, oH, oW]. */
function separable(b: Box, plane: (x: Tensor) => Tensor, depth: (x: Tensor) => Tensor): Tensor {
  const [N, C, D, H, W] = b.x.shape as [number, number, number, number, number];
  const planes = plane(b.x.reshape([N * C, D, H, W]));
  const [oH, oW] = [planes.shape[2]!, planes.shape[3]!];
  const pooled = depth(planes.reshape([N * C, 1, D, oH * oW]));
  const out = pooled.reshape([N, C, pooled.shape[2]!, oH, oW]);
  return b.batched ? out : out.squeeze(0);
}

export function maxPool3d(input: Tensor, kernelSize: IntOrTriple, options: MaxPool3dOptions = {}): Tensor {
  if (options.returnIndices) throw new TypeError("maxPool3d: returnIndices is not supported for 3-D max pooling");
  const b = box("maxPool3d", input, kernelSize, options.stride, options.padding);
  const dilation = triple("maxPool3d", "dilation", options.dilation ?? 1);
  const ceilMode = options.ceilMode ?? false;
  const [k, s, p] = [b.kernel, b.stride, b.padding];
  return separable(
    b,
    (x) => maxPool2d(x, [k[1], k[2]], { stride: [s[1], s[2]], padding: [p[1], p[2]], dilation: [dilation[1], dilation[2]], ceilMode }),
    (x) => maxPool2d(x, [k[0], 1], { stride: [s[0], 1], padding: [p[0], 0], dilation: [dilation[0], 1], ceilMode }),
  );
}

export function avgPool3d(input: Tensor, kernelSize: IntOrTriple, options: AvgPool3dOptions = {}): Tensor {
  const b = box("avgPool3d", input, kernelSize, options.stride, options.padding);
  const { ceilMode = false, countIncludePad = true, divisorOverride = null } = options;
  if (divisorOverride !== null && (!Number.isInteger(divisorOverride) || divisorOverride === 0)) {
    throw new RangeError(`avgPool3d: divisor must be not zero, got ${divisorOverride}`);
  }
  const [k, s, p] = [b.kernel, b.stride, b.padding];
  // with a divisor override, both stages sum (divisor 1) and the override divides once
  const divisor = divisorOverride === null ? null : 1;
  const out = separable(
    b,
    (x) => avgPool2d(x, [k[1], k[2]], { stride: [s[1], s[2]], padding: [p[1], p[2]], ceilMode, countIncludePad, divisorOverride: divisor }),
    (x) => avgPool2d(x, [k[0], 1], { stride: [s[0], 1], padding: [p[0], 0], ceilMode, countIncludePad, divisorOverride: divisor }),
  );
  return divisorOverride === null ? out : out.div(divisorOverride);
}
