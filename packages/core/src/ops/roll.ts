import { ShapeError } from "../errors.js";
import { normalizeDim, shapeToString } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { cat } from "./cat.js";
import { flip } from "./flip.js";
import { installMethods } from "./methods.js";

/** roll (elements shifted cyclically along dims) and rot90, from narrow/cat and flip/transpose. */

declare module "../tensor.js" {
  interface Tensor {
    roll(shifts: number | readonly number[], dims?: number | readonly number[] | null): Tensor;
    rot90(k?: number, dims?: readonly [number, number]): Tensor;
  }
}

function rollDim(x: Tensor, shift: number, d: number): Tensor {
  const n = x.shape[d]!;
  if (n === 0) return x;
  const s = ((shift % n) + n) % n;
  if (s === 0) return x.clone();
  return cat([x.narrow(d, n - s, s), x.narrow(d, 0, n - s)], d);
}

export function roll(x: Tensor, shifts: number | readonly number[], dims?: number | readonly number[] | null): Tensor {
  const ss = typeof shifts === "number" ? [shifts] : [...shifts];
  if (ss.some((s) => !Number.isInteger(s))) throw new TypeError(`roll: shifts must be integers (got ${ss.join(", ")})`);
  if (dims == null || (Array.isArray(dims) && dims.length === 0)) {
    if (ss.length !== 1) throw new ShapeError(`roll: shifts (${ss.length} of them) without dims must be a single number`);
    return rollDim(x.reshape([-1]), ss[0]!, 0).reshape(x.shape);
  }
  const ds = typeof dims === "number" ? [dims] : [...dims];
  if (ds.length !== ss.length) throw new ShapeError(`roll: shifts and dimensions must align. shifts: ${ss.length}, dims: ${ds.length}`);
  return ds.reduce((t, dim, i) => rollDim(t, ss[i]!, normalizeDim("roll", dim, x.ndim)), x);
}

export function rot90(x: Tensor, k = 1, dims: readonly [number, number] = [0, 1]): Tensor {
  if (dims.length !== 2) throw new ShapeError(`rot90: expected total rotation dims == 2, but got dims = ${dims.length}`);
  if (x.ndim < 2) throw new ShapeError(`rot90: expected total dims >= 2, but got total dims = ${x.ndim} (shape ${shapeToString(x.shape)})`);
  if (!Number.isInteger(k)) throw new TypeError(`rot90: k must be an integer (got ${k})`);
  const d0 = normalizeDim("rot90", dims[0], x.ndim);
  const d1 = normalizeDim("rot90", dims[1], x.ndim);
  if (d0 === d1) throw new RangeError(`rot90: expected rotation dims to be different, but got dim0 = ${d0} and dim1 = ${d1}`);
  switch (((k % 4) + 4) % 4) {
    case 1: return flip(x, [d1]).transpose(d0, d1);
    case 2: return flip(x, [d0, d1]);
    case 3: return flip(x, [d0]).transpose(d0, d1);
    default: return x.clone();
  }
}

installMethods({
  roll(shifts: number | readonly number[], dims?: number | readonly number[] | null) { return roll(this, shifts, dims); },
  rot90(k?: number, dims?: readonly [number, number]) { return rot90(this, k, dims); },
});
