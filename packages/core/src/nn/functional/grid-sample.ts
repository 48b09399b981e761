import { DTypeError, ShapeError } from "../../errors.js";
import { withTrustedIndices } from "../../ops/indexing.js";
import { where } from "../../ops/unary.js";
import { shapeToString } from "../../shape.js";
import type { Tensor } from "../../tensor.js";

/**
 * `F.gridSample` (PyTorch's grid_sampler_2d): reads `input` [N, C, H, W] at
 * the normalised (x, y) positions of `grid` [N, Ho, Wo, 2]. The source
 * coordinates are tensor ops of the grid (so the grid gets gradients through
 * the bilinear weights); the corner values are gathers from the flattened
 * input planes (so the input gets gradients through their scatter).
 */

export type GridSampleMode = "bilinear" | "nearest";
export type GridSamplePadding = "zeros" | "border" | "reflection";

export interface GridSampleOptions {
  /** Default "bilinear". */
  mode?: GridSampleMode;
  /** What positions outside the input read. Default "zeros". */
  paddingMode?: GridSamplePadding;
  /** -1 and 1 are the centres of the corner pixels (true) or their outer edges (false). Default false. */
  alignCorners?: boolean | null;
}

/** A coordinate in [-1, 1] as a pixel position along a dim of `size`. */
function unnormalize(coord: Tensor, size: number, alignCorners: boolean): Tensor {
  return alignCorners ? coord.add(1).mul((size - 1) / 2) : coord.add(1).mul(size).sub(1).div(2);
}

/** Folds a coordinate into [twiceLow/2, twiceHigh/2] by reflecting at both ends, any number of times. */
function reflect(coord: Tensor, twiceLow: number, twiceHigh: number): Tensor {
  if (twiceLow === twiceHigh) return coord.mul(0);
  const min = twiceLow / 2;
  const span = (twiceHigh - twiceLow) / 2;
  const distance = coord.sub(min).abs();
  const extra = distance.fmod(span);
  const evenFlips = distance.div(span).floor().remainder(2).eq(0);
  return where(evenFlips, extra.add(min), extra.neg().add(span + min));
}

/** Clamps into [0, size - 1]; NaN (from NaN or infinite grid values) goes to 0, as in PyTorch. */
function clip(c: Tensor, size: number): Tensor {
  return where(c.isnan(), 0, c).clamp(0, size - 1);
}

function sourceCoordinate(coord: Tensor, size: number, padding: GridSamplePadding, alignCorners: boolean): Tensor {
  const c = unnormalize(coord, size, alignCorners);
  if (padding === "border") return clip(c, size);
  if (padding === "reflection") return clip(alignCorners ? reflect(c, 0, 2 * (size - 1)) : reflect(c, -1, 2 * size - 1), size);
  return c;
}

/**
 * The input values at integer positions (x, y) [N, Ho*Wo] of every channel,
 * [N, C, Ho*Wo]; positions outside the input read 0. `x`/`y` may hold
 * NaN or infinities: they count as outside.
 */
function readAt(planes: Tensor, x: Tensor, y: Tensor, H: number, W: number): Tensor {
  const [N, C, P] = [planes.shape[0]!, planes.shape[1]!, x.shape[1]!];
  const inside = x.ge(0).logicalAnd(x.le(W - 1)).logicalAnd(y.ge(0)).logicalAnd(y.le(H - 1));
  const safeX = where(inside, x, 0);
  const safeY = where(inside, y, 0);
  const flat = safeY.mul(W).add(safeX).to("int64").reshape([N, 1, P]).expand([N, C, P]);
  // positions were clamped into the planes above: no read-back to check them
  const values = withTrustedIndices(() => planes.gather(2, flat));
  return where(inside.reshape([N, 1, P]), values, 0);
}

function checkArgs(input: Tensor, grid: Tensor, mode: string, padding: string): void {
  if (mode !== "bilinear" && mode !== "nearest") {
    throw new TypeError(`gridSample: nn.functional.grid_sample(): expected mode to be 'bilinear' or 'nearest', but got: '${mode}' (bicubic is not supported)`);
  }
  if (padding !== "zeros" && padding !== "border" && padding !== "reflection") {
    throw new TypeError(`gridSample: nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or 'reflection', but got: '${padding}'`);
  }
  if (input.dtype !== grid.dtype) {
    throw new DTypeError(`gridSample: grid_sampler(): expected input and grid to have same dtype, but input has ${input.dtype} and grid has ${grid.dtype}`);
  }
  if (input.dtype !== "float32" && input.dtype !== "float64" && input.dtype !== "float16" && input.dtype !== "bfloat16") {
    throw new DTypeError(`gridSample: expected a floating-point input and grid, got ${input.dtype}`);
  }
  if (input.ndim !== 4 || grid.ndim !== 4) {
    throw new ShapeError(
      `gridSample: grid_sampler(): expected 4D input and grid with same number of dimensions, but got input with sizes ${shapeToString(input.shape)} and grid with sizes ${shapeToString(grid.shape)} (5-D volumetric sampling is not supported)`,
    );
  }
  if (input.shape[0] !== grid.shape[0]) {
    throw new ShapeError(`gridSample: grid_sampler(): expected grid and input to have same batch size, but got input with sizes ${shapeToString(input.shape)} and grid with sizes ${shapeToString(grid.shape)}`);
  }
  if (grid.shape[3] !== 2) {
    throw new ShapeError(`gridSample: grid_sampler(): expected grid to have size 2 in last dimension, but got grid with sizes ${shapeToString(grid.shape)}`);
  }
  if (input.shape[2] === 0 || input.shape[3] === 0) {
    throw new ShapeError(`gridSample: grid_sampler(): expected input to have non-empty spatial dimensions, but input has sizes ${shapeToString(input.shape)}`);
  }
}

/**
 * Samples `input` at the positions of `grid` (PyTorch's `F.grid_sample`).
 *
 * @example
 * ```ts
 * const grid = F.affineGrid(theta, [N, C, 32, 32], { alignCorners: false });
 * const warped = F.gridSample(images, grid, { alignCorners: false });
 * ```
 */
export function gridSample(input: Tensor, grid: Tensor, options: GridSampleOptions = {}): Tensor {
  const mode = options.mode ?? "bilinear";
  const padding = options.paddingMode ?? "zeros";
  const alignCorners = options.alignCorners ?? false;
  checkArgs(input, grid, mode, padding);
  const [N, C, H, W] = input.shape as [number, number, number, number];
  const [Ho, Wo] = [grid.shape[1]!, grid.shape[2]!];
  const P = Ho * Wo;
  const flatGrid = grid.reshape([N, P, 2]);
  const ix = sourceCoordinate(flatGrid.select(2, 0), W, padding, alignCorners);
  const iy = sourceCoordinate(flatGrid.select(2, 1), H, padding, alignCorners);
  const planes = input.reshape([N, C, H * W]);
  let out: Tensor;
  if (mode === "nearest") {
    out = readAt(planes, ix.detach().round(), iy.detach().round(), H, W);
  } else {
    const x0 = ix.detach().floor();
    const y0 = iy.detach().floor();
    const [x1, y1] = [x0.add(1), y0.add(1)];
    const [wx1, wy1] = [ix.sub(x0), iy.sub(y0)];
    const [wx0, wy0] = [x1.sub(ix), y1.sub(iy)];
    const corner = (x: Tensor, y: Tensor, wx: Tensor, wy: Tensor) => readAt(planes, x, y, H, W).mul(wx.mul(wy).reshape([N, 1, P]));
    out = corner(x0, y0, wx0, wy0).add(corner(x1, y0, wx1, wy0)).add(corner(x0, y1, wx0, wy1)).add(corner(x1, y1, wx1, wy1));
  }
  return out.reshape([N, C, Ho, Wo]);
}
