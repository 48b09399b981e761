import type { DType } from "../dtype.js";
import { ShapeError, TaimatsuError } from "../errors.js";
import { normalizeDim, shapeToString } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { checkFloating } from "./checks.js";
import { zeroGradient } from "./determinant.js";

export interface NormOptions {
  keepdim?: boolean;
  /** Compute (and return) in this dtype. */
  dtype?: DType;
}

export type MatrixOrd = "fro" | "nuc" | number;
type Dims = number | readonly number[];

function prepared(op: string, x: Tensor, dtype: DType | undefined): Tensor {
  const y = dtype ? x.to(dtype) : x;
  checkFloating(op, y);
  return y;
}

/** `torch.linalg.vector_norm`: the `ord`-norm over `dim` (all elements by default), treating the input as a vector. */
export function vectorNorm(x: Tensor, ord = 2, dim: Dims | null = null, options: NormOptions = {}): Tensor {
  const op = "linalg.vector_norm";
  if (typeof ord !== "number" || Number.isNaN(ord)) throw new TypeError(`${op}: ord must be a number (got ${String(ord)})`);
  const y = prepared(op, x, options.dtype);
  const o = { keepdim: options.keepdim ?? false };
  const dims = dim === null ? null : typeof dim === "number" ? [dim] : [...dim];
  if (y.numel() === 0 && (ord < 0 || ord === Infinity) && (dims === null || dims.some((d) => y.shape[normalizeDim(op, d, y.ndim)] === 0))) {
    throw new ShapeError(`${op}: Expected a non-empty tensor for ord=${ord} (the reduced dimensions of shape ${shapeToString(y.shape)} are empty)`);
  }
  if (ord === -Infinity) return y.abs().amin(dims, o);
  if (ord === 0) return y.ne(0).to(y.dtype).add(zeroGradient(y)).sum(dims, o);
  return y.norm(ord, dims, o);
}

/** `torch.linalg.matrix_norm`: "fro", or the induced 1/∞ norms (and their minima -1/-∞) over the matrices in the two dims. */
export function matrixNorm(a: Tensor, ord: MatrixOrd = "fro", dim: readonly [number, number] = [-2, -1], options: NormOptions = {}): Tensor {
  const op = "linalg.matrix_norm";
  const x = prepared(op, a, options.dtype);
  if (x.ndim < 2) throw new ShapeError(`${op}: The input tensor A must have at least 2 dimensions (got shape ${shapeToString(x.shape)}).`);
  if (!Array.isArray(dim) || dim.length !== 2) throw new TypeError(`${op}: dim must be a 2-tuple of ints (got ${JSON.stringify(dim)})`);
  const [r, c] = dim.map((d) => normalizeDim(op, d, x.ndim)) as [number, number];
  if (r === c) throw new RangeError(`${op}: dims must be different. Got (${dim[0]}, ${dim[1]})`);
  const keepdim = options.keepdim ?? false;
  if (ord === "fro") return vectorNorm(x, 2, [r, c], { keepdim });
  if (ord === "nuc" || ord === 2 || ord === -2) {
    throw new TaimatsuError(`${op}: ord=${JSON.stringify(ord)} needs singular values, which Taimatsu's linalg does not compute yet; use ord "fro", 1, -1, Infinity or -Infinity`);
  }
  if (ord !== 1 && ord !== -1 && ord !== Infinity && ord !== -Infinity) {
    throw new RangeError(`${op}: Order ${String(ord)} not supported. Use "fro", "nuc", 1, -1, 2, -2, Infinity or -Infinity`);
  }
  // ord ±1 reduces rows (column sums), ord ±∞ columns (row sums); then the largest (or smallest) of those
  const [sumDim, pickDim] = Math.abs(ord) === 1 ? [r, c] : [c, r];
  const sums = x.abs().sum(sumDim, { keepdim: true });
  const picked = ord > 0 ? sums.amax(pickDim, { keepdim: true }) : sums.amin(pickDim, { keepdim: true });
  return keepdim ? picked : picked.squeeze([r, c]);
}

/**
 * `torch.linalg.norm`: a matrix norm when `ord` is a string, or `dim` names
 * two dims, or `ord` is given for a 2-D input without `dim`; a vector norm
 * otherwise (the 2-norm of all elements when neither is given).
 */
export function norm(x: Tensor, ord: MatrixOrd | null = null, dim: Dims | null = null, options: NormOptions = {}): Tensor {
  const op = "linalg.norm";
  const dims = dim === null ? null : typeof dim === "number" ? [dim] : [...dim];
  if (dims !== null && dims.length !== 1 && dims.length !== 2) throw new RangeError(`${op}: If dim is specified, it must be of length 1 or 2. Got [${dims}]`);
  if (ord !== null && dims === null && x.ndim !== 1 && x.ndim !== 2) {
    throw new ShapeError(`${op}: If dim is not specified but ord is, the input must be 1D or 2D. Got ${x.ndim}D.`);
  }
  const matrix = typeof ord === "string" || dims?.length === 2 || (dims === null && ord !== null && x.ndim === 2);
  if (matrix) return matrixNorm(x, ord ?? "fro", (dims ?? [-2, -1]) as [number, number], options);
  if (typeof ord === "string") throw new RangeError(`${op}: ord "${ord}" is a matrix norm; give two dims`);
  return vectorNorm(x, ord ?? 2, dims, options);
}
