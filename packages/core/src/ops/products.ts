import { DTypeError, ShapeError } from "../errors.js";
import { broadcastShapes, normalizeDim, shapeToString } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { cat } from "./cat.js";
import { installMethods } from "./methods.js";

/** Products built on matmul and broadcasting: addmm, addbmm, baddbmm, kron, cross, cdist, meshgrid. */

export interface ScaleOptions {
  /** Multiplies `input` (0 ignores it, NaN and infinity included, as in PyTorch). */
  beta?: number;
  /** Multiplies the product. */
  alpha?: number;
}

declare module "../tensor.js" {
  interface Tensor {
    addmm(mat1: Tensor, mat2: Tensor, options?: ScaleOptions): Tensor;
    addbmm(batch1: Tensor, batch2: Tensor, options?: ScaleOptions): Tensor;
    baddbmm(batch1: Tensor, batch2: Tensor, options?: ScaleOptions): Tensor;
    kron(other: Tensor): Tensor;
    cross(other: Tensor, dim?: number | null): Tensor;
  }
}

function requireDims(op: string, t: Tensor, n: number, name: string): void {
  if (t.ndim !== n) throw new ShapeError(`${op}: ${name} must be a ${n}D tensor (got shape ${shapeToString(t.shape)})`);
}

/** beta * input + alpha * product, with input ignored when beta is 0. */
function scaleAdd(op: string, input: Tensor, product: Tensor, o: ScaleOptions): Tensor {
  const { beta = 1, alpha = 1 } = o;
  broadcastShapes(op, input.shape, product.shape);
  const p = alpha === 1 ? product : product.mul(alpha);
  if (beta === 0) return p.expand(broadcastShapes(op, input.shape, p.shape)).clone();
  return (beta === 1 ? input : input.mul(beta)).add(p);
}

export function addmm(input: Tensor, mat1: Tensor, mat2: Tensor, o: ScaleOptions = {}): Tensor {
  requireDims("addmm", mat1, 2, "mat1");
  requireDims("addmm", mat2, 2, "mat2");
  return scaleAdd("addmm", input, mat1.mm(mat2), o);
}

export function baddbmm(input: Tensor, batch1: Tensor, batch2: Tensor, o: ScaleOptions = {}): Tensor {
  requireDims("baddbmm", batch1, 3, "batch1");
  requireDims("baddbmm", batch2, 3, "batch2");
  return scaleAdd("baddbmm", input, batch1.bmm(batch2), o);
}

export function addbmm(input: Tensor, batch1: Tensor, batch2: Tensor, o: ScaleOptions = {}): Tensor {
  requireDims("addbmm", batch1, 3, "batch1");
  requireDims("addbmm", batch2, 3, "batch2");
  return scaleAdd("addbmm", input, batch1.bmm(batch2).sum(0), o);
}

/** Kronecker product: every element of a scales a copy of b, in a's layout. */
export function kron(a: Tensor, b: Tensor): Tensor {
  const n = Math.max(a.ndim, b.ndim);
  const as = [...new Array<number>(n - a.ndim).fill(1), ...a.shape];
  const bs = [...new Array<number>(n - b.ndim).fill(1), ...b.shape];
  const A = a.reshape(as.flatMap((s) => [s, 1]));
  const B = b.reshape(bs.flatMap((s) => [1, s]));
  return A.mul(B).reshape(as.map((s, i) => s * bs[i]!));
}

/** The cross product of 3-vectors along `dim` (default: the first dim of size 3, as PyTorch 1.13's torch.cross). */
export function cross(a: Tensor, b: Tensor, dim?: number | null): Tensor {
  const shape = broadcastShapes("cross", a.shape, b.shape);
  const d = dim == null ? shape.indexOf(3) : normalizeDim("cross", dim, shape.length);
  if (d < 0) throw new ShapeError(`cross: no dimension of size 3 in input (broadcast shape ${shapeToString(shape)})`);
  if (shape[d] !== 3) throw new ShapeError(`cross: inputs dimension ${d} must have length 3 (broadcast shape ${shapeToString(shape)})`);
  const x = a.expand(shape);
  const y = b.expand(shape);
  const c = (t: Tensor, i: number) => t.narrow(d, i, 1);
  return cat([
    c(x, 1).mul(c(y, 2)).sub(c(x, 2).mul(c(y, 1))),
    c(x, 2).mul(c(y, 0)).sub(c(x, 0).mul(c(y, 2))),
    c(x, 0).mul(c(y, 1)).sub(c(x, 1).mul(c(y, 0))),
  ], d);
}

/** p-norm distances between the rows of x1 [..., P, M] and x2 [..., R, M]: [..., P, R]. */
export function cdist(x1: Tensor, x2: Tensor, p = 2): Tensor {
  if (x1.ndim < 2 || x2.ndim < 2) throw new ShapeError(`cdist: only supports at least 2D tensors, X1 got: ${x1.ndim}D, X2 got: ${x2.ndim}D`);
  if (x1.shape[x1.ndim - 1] !== x2.shape[x2.ndim - 1]) throw new ShapeError(`cdist: X1 and X2 must have the same number of columns. X1: ${x1.shape[x1.ndim - 1]} X2: ${x2.shape[x2.ndim - 1]}`);
  if (!(p >= 0)) throw new RangeError(`cdist: only supports non-negative p values (got ${p})`);
  if (x1.dtype !== "float32" && x1.dtype !== "float64") throw new DTypeError(`cdist: only supports floating-point dtypes, X1 got: ${x1.dtype}`);
  const diff = x1.unsqueeze(-2).sub(x2.unsqueeze(-3));
  if (p === 0) return diff.ne(0).sum(-1, { dtype: x1.dtype });
  return diff.norm(p, -1);
}

/** Grids from 1-D tensors: "ij" (matrix, the default) or "xy" (Cartesian: the first two outputs' dims swapped). */
export function meshgrid(tensors: readonly Tensor[], o: { indexing?: "ij" | "xy" } = {}): Tensor[] {
  const indexing = o.indexing ?? "ij";
  if (indexing !== "ij" && indexing !== "xy") throw new TypeError(`meshgrid: indexing must be one of "xy" or "ij", but received: ${String(indexing)}`);
  for (const t of tensors) if (t.ndim > 1) throw new ShapeError(`meshgrid: expected 0D or 1D tensor in the tensor list but got shape ${shapeToString(t.shape)}`);
  const sizes = tensors.map((t) => t.numel());
  const swap = indexing === "xy" && tensors.length >= 2;
  const order = sizes.map((_, i) => (swap && i < 2 ? 1 - i : i));
  const shape = order.map((i) => sizes[i]!);
  return tensors.map((t, i) => {
    const at = order.indexOf(i);
    return t.reshape(shape.map((s, k) => (k === at ? s : 1))).expand(shape);
  });
}

installMethods({
  addmm(m1: Tensor, m2: Tensor, o?: ScaleOptions) { return addmm(this, m1, m2, o); },
  addbmm(b1: Tensor, b2: Tensor, o?: ScaleOptions) { return addbmm(this, b1, b2, o); },
  baddbmm(b1: Tensor, b2: Tensor, o?: ScaleOptions) { return baddbmm(this, b1, b2, o); },
  kron(other: Tensor) { return kron(this, other); },
  cross(other: Tensor, dim?: number | null) { return cross(this, other, dim); },
});
