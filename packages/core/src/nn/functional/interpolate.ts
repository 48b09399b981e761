import { isFloatingPoint } from "../../dtype.js";
import { DTypeError, ShapeError } from "../../errors.js";
import { selectPositions } from "../../ops/index-select.js";
import { shapeToString } from "../../shape.js";
import type { Tensor } from "../../tensor.js";
import { adaptiveAvgPool1d, adaptiveAvgPool2d } from "./adaptive-pooling.js";
import { hostTable } from "./host-table.js";
import { resampleTaps, type ResampleMode } from "./resample-taps.js";

/**
 * `F.interpolate` (PyTorch's upsample ops): resampling the spatial dims of
 * an (N, C, d1, ..., dK) tensor axis by axis. Each axis reads its taps with
 * a gather and sums them with their weights, so gradients flow through the
 * gathers and every backend runs it.
 */

export type InterpolateMode = "nearest" | "nearest-exact" | "linear" | "bilinear" | "bicubic" | "trilinear" | "area";

export interface InterpolateOptions {
  /** Output spatial size, one number for every spatial dim or one per dim. */
  size?: number | readonly number[] | null;
  /** Multiplier of the spatial size, one for every dim or one per dim. */
  scaleFactor?: number | readonly number[] | null;
  /** Default "nearest". */
  mode?: InterpolateMode;
  /** Map the corner pixels' centres onto each other (linear modes only). Default false. */
  alignCorners?: boolean | null;
  /** Compute the output size from the scale factor, then interpolate as if that size had been given. */
  recomputeScaleFactor?: boolean | null;
  /** Anti-aliased downsampling; not supported. */
  antialias?: boolean;
}

const MODES: readonly InterpolateMode[] = ["nearest", "nearest-exact", "linear", "bilinear", "bicubic", "trilinear", "area"];
/** The spatial rank each interpolating mode needs. */
const MODE_RANK: Partial<Record<InterpolateMode, number>> = { linear: 1, bilinear: 2, bicubic: 2, trilinear: 3 };

function perDim(value: number | readonly number[], dims: number, what: "size" | "scale_factor", input: Tensor): number[] {
  if (typeof value === "number") return Array.from({ length: dims }, () => value);
  if (value.length !== dims) {
    throw new ShapeError(
      `interpolate: Input and ${what === "size" ? "output" : "scale_factor"} must have the same number of spatial dimensions, but got input with spatial dimensions of ${shapeToString(input.shape.slice(2))} and ${what === "size" ? "output size" : "scale_factor"} of ${shapeToString(value)}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and ${what === "size" ? "output size" : "scale_factor"} in (o1, o2, ...,oK) format.`,
    );
  }
  return [...value];
}

interface Plan {
  outSize: number[];
  /** Per-dim scale factors PyTorch passes to its kernel (null when the size was given or recomputed). */
  scales: (number | null)[];
}

function plan(input: Tensor, o: InterpolateOptions, mode: InterpolateMode): Plan {
  const dims = input.ndim - 2;
  const size = o.size ?? null;
  const scaleFactor = o.scaleFactor ?? null;
  if (size !== null && scaleFactor !== null) throw new TypeError("interpolate: only one of size or scale_factor should be defined");
  if (size === null && scaleFactor === null) throw new TypeError("interpolate: either size or scale_factor should be defined");
  if (o.recomputeScaleFactor && size !== null) throw new TypeError("interpolate: recompute_scale_factor is not meaningful with an explicit size.");
  const spatial = input.shape.slice(2);
  if (size !== null) {
    const outSize = perDim(size, dims, "size", input);
    if (outSize.some((s) => !Number.isInteger(s) || s <= 0)) {
      throw new RangeError(`interpolate: output size must be positive integers, got ${shapeToString(outSize)} for input ${shapeToString(input.shape)}`);
    }
    return { outSize, scales: outSize.map(() => null) };
  }
  const factors = perDim(scaleFactor!, dims, "scale_factor", input);
  if (factors.some((f) => !(f > 0) || !Number.isFinite(f))) throw new RangeError(`interpolate: scale factors must be positive and finite, got ${shapeToString(factors)}`);
  const outSize = spatial.map((s, i) => Math.floor(s * factors[i]!));
  if (outSize.some((s) => s <= 0)) {
    throw new RangeError(`interpolate: Input and output sizes should be greater than 0, but got input ${shapeToString(spatial)} and output ${shapeToString(outSize)} (scale_factor ${shapeToString(factors)})`);
  }
  const recompute = o.recomputeScaleFactor === true || mode === "area";
  return { outSize, scales: recompute ? outSize.map(() => null) : factors };
}

function checkMode(input: Tensor, mode: InterpolateMode, o: InterpolateOptions): void {
  if (!MODES.includes(mode)) throw new TypeError(`interpolate: unknown mode "${String(mode)}" (expected one of ${MODES.join(" | ")})`);
  const interpolating = MODE_RANK[mode] !== undefined;
  if (!interpolating && o.alignCorners !== undefined && o.alignCorners !== null) {
    throw new TypeError("interpolate: align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear");
  }
  if (input.ndim < 3 || input.ndim > 5) {
    throw new ShapeError(
      `interpolate: Input Error: Only 3D, 4D and 5D input Tensors supported (got ${input.ndim}D) for the modes: nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact (got ${mode})`,
    );
  }
  const rank = MODE_RANK[mode];
  if (rank !== undefined && input.ndim - 2 !== rank) {
    throw new ShapeError(`interpolate: Got ${input.ndim}D input ${shapeToString(input.shape)}, but ${mode} mode needs ${rank + 2}D input`);
  }
  if (o.antialias) throw new TypeError("interpolate: antialias is not supported; downsample with area mode or blur first");
  if (mode !== "nearest" && mode !== "nearest-exact" && !isFloatingPoint(input.dtype)) {
    throw new DTypeError(`interpolate: ${mode} interpolation needs a floating-point input, got ${input.dtype}; convert it with .float()`);
  }
  if (input.shape.slice(1).some((s) => s === 0)) {
    throw new ShapeError(`interpolate: Non-empty ${input.ndim}D data tensor expected but got a tensor with sizes ${shapeToString(input.shape)}`);
  }
}

/** Resamples dim `d` of `x` to `outSize` positions. */
function resampleAxis(x: Tensor, d: number, outSize: number, mode: ResampleMode, alignCorners: boolean, scale: number | null): Tensor {
  const taps = resampleTaps(mode, x.shape[d]!, outSize, alignCorners, scale);
  if (taps.weights === null) return selectPositions(x, d, taps.positions[0]!);
  const weightShape = [outSize, ...Array.from({ length: x.ndim - 1 - d }, () => 1)];
  let sum: Tensor | null = null;
  taps.positions.forEach((positions, k) => {
    const w = taps.weights![k]!;
    const term = selectPositions(x, d, positions).mul(hostTable(weightShape, x.dtype, x, (i) => w[i]!));
    sum = sum === null ? term : sum.add(term);
  });
  return sum!;
}

function area(input: Tensor, outSize: number[]): Tensor {
  if (outSize.length === 1) return adaptiveAvgPool1d(input, outSize[0]!);
  if (outSize.length === 2) return adaptiveAvgPool2d(input, [outSize[0]!, outSize[1]!]);
  throw new ShapeError(`interpolate: area mode supports 3D and 4D inputs, got ${shapeToString(input.shape)}`);
}

/**
 * Up- or down-samples `input` (PyTorch's `F.interpolate`).
 *
 * @example
 * ```ts
 * F.interpolate(x, { scaleFactor: 2, mode: "bilinear", alignCorners: false }); // [N, C, 2H, 2W]
 * ```
 */
export function interpolate(input: Tensor, options: InterpolateOptions = {}): Tensor {
  const mode = options.mode ?? "nearest";
  checkMode(input, mode, options);
  const { outSize, scales } = plan(input, options, mode);
  if (mode === "area") return area(input, outSize);
  const alignCorners = options.alignCorners ?? false;
  const axisMode: ResampleMode = mode === "nearest" || mode === "nearest-exact" ? mode : mode === "bicubic" ? "cubic" : "linear";
  return outSize.reduce((x, size, i) => resampleAxis(x, i + 2, size, axisMode, alignCorners, scales[i]!), input);
}

/** PyTorch's deprecated `F.upsample`: `interpolate` under its older name. */
export const upsample = interpolate;

/** `F.upsample_nearest`: nearest-neighbour interpolate. */
export function upsampleNearest(input: Tensor, options: { size?: number | readonly number[] | null; scaleFactor?: number | readonly number[] | null } = {}): Tensor {
  return interpolate(input, { ...options, mode: "nearest" });
}

/** `F.upsample_bilinear`: bilinear interpolate with aligned corners. */
export function upsampleBilinear(input: Tensor, options: { size?: number | readonly number[] | null; scaleFactor?: number | readonly number[] | null } = {}): Tensor {
  return interpolate(input, { ...options, mode: "bilinear", alignCorners: true });
}
