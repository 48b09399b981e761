import { record } from "../autograd/record.js";
import { ShapeError } from "../errors.js";
import { normalizeDim, shapeToString } from "../shape.js";
import { Tensor } from "../tensor.js";
import { installMethods } from "./methods.js";
import { positionsAlong } from "./sort.js";
import { viewScatter } from "./views.js";

/**
 * Diagonals and triangles: diagonal is a strided view (its gradient writes into the diagonal of
 * zeros), diagEmbed is that view's adjoint, diag and trace are built on them, and tril/triu keep
 * a triangle with a mask computed from positions on the device.
 */

declare module "../tensor.js" {
  interface Tensor {
    diagonal(offset?: number, dim1?: number, dim2?: number): Tensor;
    diagonal(options: { offset?: number; dim1?: number; dim2?: number }): Tensor;
    diagEmbed(offset?: number, dim1?: number, dim2?: number): Tensor;
    diag(diagonal?: number): Tensor;
    trace(): Tensor;
    tril(diagonal?: number): Tensor;
    triu(diagonal?: number): Tensor;
  }
}

function checkOffset(op: string, offset: number): void {
  if (!Number.isInteger(offset)) throw new TypeError(`${op}: offset must be an integer (got ${offset})`);
}

export function diagonal(x: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor {
  checkOffset("diagonal", offset);
  if (x.ndim < 2) throw new ShapeError(`diagonal: expected a tensor with at least 2 dimensions (got ${shapeToString(x.shape)})`);
  const d1 = normalizeDim("diagonal", dim1, x.ndim);
  const d2 = normalizeDim("diagonal", dim2, x.ndim);
  if (d1 === d2) throw new RangeError(`diagonal: diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  const [n1, n2] = [x.shape[d1]!, x.shape[d2]!];
  const length = Math.max(0, offset >= 0 ? Math.min(n1, n2 - offset) : Math.min(n1 + offset, n2));
  const start = length === 0 ? 0 : offset >= 0 ? offset * x.strides[d2]! : -offset * x.strides[d1]!;
  const keep = (_: number, i: number) => i !== d1 && i !== d2;
  const out = new Tensor(x.storage, [...x.shape.filter(keep), length], [...x.strides.filter(keep), x.strides[d1]! + x.strides[d2]!], x.offset + start);
  return record("DiagonalBackward0", [x], out, ([g]) => [viewScatter(g!, x.shape, (t) => diagonal(t, offset, d1, d2))]);
}

/** A tensor whose (dim1, dim2) diagonals, at `offset`, hold the last dim of `x`; zeros elsewhere. */
export function diagEmbed(x: Tensor, offset = 0, dim1 = -2, dim2 = -1): Tensor {
  checkOffset("diagEmbed", offset);
  const ndim = x.ndim + 1;
  const d1 = normalizeDim("diagEmbed", dim1, ndim);
  const d2 = normalizeDim("diagEmbed", dim2, ndim);
  if (d1 === d2) throw new RangeError(`diagEmbed: diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  const n = (x.ndim === 0 ? 1 : x.shape[x.ndim - 1]!) + Math.abs(offset);
  const rest = x.shape.slice(0, -1);
  const shape: number[] = [];
  for (let i = 0, r = 0; i < ndim; i++) shape.push(i === d1 || i === d2 ? n : rest[r++]!);
  const src = x.ndim === 0 ? x.reshape([1]) : x;
  return viewScatter(src, shape, (t) => diagonal(t, offset, d1, d2));
}

export function diag(x: Tensor, k = 0): Tensor {
  checkOffset("diag", k);
  if (x.ndim === 1) return diagEmbed(x, k, 0, 1);
  if (x.ndim === 2) return diagonal(x, k).contiguous();
  throw new ShapeError(`diag: expected a 1D or 2D tensor (got shape ${shapeToString(x.shape)})`);
}

export function trace(x: Tensor): Tensor {
  if (x.ndim !== 2) throw new ShapeError(`trace: expected a matrix, but got tensor with size ${shapeToString(x.shape)}`);
  return diagonal(x).sum();
}

/** Keeps elements with col - row <= k (tril) or >= k (triu) in the last two dims. */
function triangle(op: "tril" | "triu", x: Tensor, k: number): Tensor {
  checkOffset(op, k);
  if (x.ndim < 2) throw new ShapeError(`${op}: input tensor must have at least 2 dimensions (got ${shapeToString(x.shape)})`);
  const rows = positionsAlong(x, x.ndim - 2);
  const cols = positionsAlong(x, x.ndim - 1);
  const diff = cols.sub(rows);
  const keep = op === "tril" ? diff.le(k) : diff.ge(k);
  return x.where(keep, x.dtype === "bool" ? false : 0);
}

installMethods({
  diagonal(offset?: number | { offset?: number; dim1?: number; dim2?: number }, dim1?: number, dim2?: number) {
    if (typeof offset === "object") return diagonal(this, offset.offset, offset.dim1, offset.dim2);
    return diagonal(this, offset, dim1, dim2);
  },
  diagEmbed(offset?: number, dim1?: number, dim2?: number) { return diagEmbed(this, offset, dim1, dim2); },
  diag(k?: number) { return diag(this, k); },
  trace() { return trace(this); },
  tril(k = 0) { return triangle("tril", this, k); },
  triu(k = 0) { return triangle("triu", this, k); },
});
