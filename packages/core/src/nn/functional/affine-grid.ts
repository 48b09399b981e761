import { isFloatingPoint } from "../../dtype.js";
import { DTypeError, ShapeError } from "../../errors.js";
import { shapeToString } from "../../shape.js";
import type { Tensor } from "../../tensor.js";
import { hostTable } from "./host-table.js";

/**
 * `F.affineGrid`: the sampling grid of a batch of affine transforms, for
 * `gridSample`. The normalised output coordinates (x, y[, z], 1) of every
 * output position form a constant table; the grid is that table times the
 * transposed matrices, one matmul, so theta gets gradients.
 */

export interface AffineGridOptions {
  /** -1 and 1 are the centres of the corner pixels (true) or their outer edges (false). Default false. */
  alignCorners?: boolean | null;
}

/** PyTorch's linspace(-1, 1, steps), scaled to pixel centres without alignCorners; a single step sits at 0. */
function normalizedPositions(steps: number, alignCorners: boolean): number[] {
  if (steps <= 1) return [0];
  const step = 2 / (steps - 1);
  return Array.from({ length: steps }, (_, i) => {
    const v = i < steps / 2 ? -1 + step * i : 1 - step * (steps - 1 - i);
    return alignCorners ? v : (v * (steps - 1)) / steps;
  });
}

/** [positions, dims + 1] rows (x, y[, z], 1), x varying fastest, for the spatial `sizes` (outermost first). */
function baseGrid(theta: Tensor, sizes: number[], alignCorners: boolean): Tensor {
  const axes = sizes.map((s) => normalizedPositions(s, alignCorners));
  const k = sizes.length;
  const count = sizes.reduce((a, b) => a * b, 1);
  return hostTable([count, k + 1], theta.dtype, theta, (flat) => {
    const column = flat % (k + 1);
    if (column === k) return 1;
    // column 0 is x, the innermost (last) spatial dim
    const axis = k - 1 - column;
    const stride = sizes.slice(axis + 1).reduce((a, b) => a * b, 1);
    const position = Math.floor(Math.floor(flat / (k + 1)) / stride) % sizes[axis]!;
    return axes[axis]![position]!;
  });
}

/**
 * Affine sampling grid of `theta` [N, 2, 3] for an output of `size` [N, C, H, W]
 * (or [N, 3, 4] and [N, C, D, H, W]), PyTorch's `F.affine_grid`.
 */
export function affineGrid(theta: Tensor, size: readonly number[], options: AffineGridOptions = {}): Tensor {
  const alignCorners = options.alignCorners ?? false;
  if (!isFloatingPoint(theta.dtype)) throw new DTypeError(`affineGrid: Expected theta to have floating point type, but got ${theta.dtype}`);
  if (size.length !== 4 && size.length !== 5) {
    throw new ShapeError(`affineGrid: affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, respectively. Got size ${shapeToString(size)}.`);
  }
  const k = size.length - 2;
  if (theta.ndim !== 3 || theta.shape[1] !== k || theta.shape[2] !== k + 1) {
    throw new ShapeError(
      `affineGrid: Expected a batch of ${k}D affine matrices of shape Nx${k}x${k + 1} for size ${shapeToString(size)}. Got ${shapeToString(theta.shape)}.`,
    );
  }
  if (size.some((s) => !Number.isInteger(s) || s <= 0)) throw new RangeError(`affineGrid: Expected non-zero, positive output size. Got ${shapeToString(size)}`);
  if (theta.shape[0] !== size[0]) {
    throw new ShapeError(`affineGrid: theta's batch size ${theta.shape[0]} does not match the batch size of size ${shapeToString(size)}`);
  }
  const spatial = size.slice(2);
  const grid = baseGrid(theta, spatial, alignCorners).matmul(theta.transpose(1, 2));
  return grid.reshape([size[0]!, ...spatial, k]);
}
