import type { ScanOp } from "../backend/backend.js";
import { noGrad } from "../autograd/grad-mode.js";
import { record } from "../autograd/record.js";
import { isFloatingPoint, type DType } from "../dtype.js";
import { DTypeError } from "../errors.js";
import { normalizeDim } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { zerosLike } from "./creation.js";
import { backendOf, emptyLike } from "./dispatch.js";
import { flip } from "./flip.js";
import { withTrustedIndices } from "./indexing.js";
import { installMethods } from "./methods.js";
import type { ValuesIndices } from "./reduction.js";

/**
 * Cumulative ops along one dim, all on the `scan` primitive: cumsum, cumprod,
 * logcumsumexp, and cummax/cummin with the positions of their running extremes.
 */

export interface ScanOptions {
  /** The result dtype (the input is cast to it first), as PyTorch's `dtype=`. */
  dtype?: DType;
}

declare module "../tensor.js" {
  interface Tensor {
    cumsum(dim: number, options?: ScanOptions): Tensor;
    cumprod(dim: number, options?: ScanOptions): Tensor;
    logcumsumexp(dim: number): Tensor;
    cummax(dim: number): ValuesIndices;
    cummin(dim: number): ValuesIndices;
  }
}

export function valuesIndices(values: Tensor, indices: Tensor): ValuesIndices {
  const pair = [values, indices] as const;
  return { values, indices, [Symbol.iterator]: () => pair[Symbol.iterator]() };
}

/** Runs the primitive into a new tensor of `dtype` (the input already in it); max/min also return indices. */
function scanRaw(op: ScanOp, x: Tensor, d: number, dtype: DType): { out: Tensor; indices: Tensor | null } {
  const input = x.dtype === dtype ? x : noGrad(() => x.to(dtype));
  const { backend } = backendOf(`cum${op}`, [input]);
  // a 0-dim tensor scans as one element
  const line = input.ndim === 0 ? input.reshape([1]) : input;
  const out = emptyLike(line, line.shape, dtype);
  const indices = op === "max" || op === "min" ? emptyLike(line, line.shape, "int64") : null;
  backend.primitives.scan(op, out.kernelView, line.kernelView, d, indices ? indices.kernelView : null);
  const shape = x.shape;
  return { out: x.ndim === 0 ? out.reshape(shape) : out, indices: indices && x.ndim === 0 ? indices.reshape(shape) : indices };
}

/** Sum from the end: the adjoint of cumsum. */
function reverseCumsum(g: Tensor, d: number): Tensor {
  return flip(cumsum(flip(g, [d]), d), [d]);
}

function sumDType(x: Tensor, dtype: DType | undefined): DType {
  return dtype ?? (isFloatingPoint(x.dtype) ? x.dtype : "int64");
}

export function cumsum(x: Tensor, dim: number, o: ScanOptions = {}): Tensor {
  const d = normalizeDim("cumsum", dim, x.ndim);
  const { out } = scanRaw("sum", x, d, sumDType(x, o.dtype));
  return record("CumsumBackward0", [x], out, ([g]) => [reverseCumsum(g!, d)]);
}

/**
 * cumprod's gradient, sum over j >= i of g_j * prod_{m <= j, m != i} x_m, written so zeros are exact:
 * before the first zero of a line it is revcumsum(g * out) / x; at the first zero it is
 * revcumsum(g * cumprod(x with that zero replaced by 1)); after it, 0.
 */
function cumprodBackward(g: Tensor, x: Tensor, out: Tensor, d: number): Tensor {
  const zero = x.eq(0);
  const zerosSoFar = cumsum(zero, d);
  const before = zerosSoFar.eq(0);
  const firstZero = zero.logicalAnd(zerosSoFar.eq(1));
  const safe = x.where(before, 1);
  const beforeGrad = reverseCumsum(g.mul(out), d).div(safe);
  const withoutZero = cumprod(x.where(firstZero.logicalNot(), 1), d);
  const atZero = reverseCumsum(g.mul(withoutZero), d);
  return beforeGrad.where(before, atZero.where(firstZero, 0));
}

export function cumprod(x: Tensor, dim: number, o: ScanOptions = {}): Tensor {
  const d = normalizeDim("cumprod", dim, x.ndim);
  const { out } = scanRaw("prod", x, d, sumDType(x, o.dtype));
  return record("CumprodBackward0", [x], out, ([g]) => [cumprodBackward(g!, x, out, d)], [x, out]);
}

/**
 * d out_j / d x_i = exp(x_i - out_j) for i <= j. The sum over j is split by the sign of g so that
 * each part is a logcumsumexp from the end (PyTorch's stable form).
 */
function logcumsumexpBackward(g: Tensor, x: Tensor, out: Tensor, d: number): Tensor {
  const part = (w: Tensor) => flip(logcumsumexp(flip(w.log().sub(out), [d]), d), [d]).add(x).exp();
  return part(g.clamp(0, null)).sub(part(g.neg().clamp(0, null)));
}

export function logcumsumexp(x: Tensor, dim: number): Tensor {
  if (!isFloatingPoint(x.dtype)) throw new DTypeError(`logcumsumexp(): expected a floating point input, got ${x.dtype}; cast it with .float() first`);
  const d = normalizeDim("logcumsumexp", dim, x.ndim);
  const { out } = scanRaw("logsumexp", x, d, x.dtype);
  return record("LogcumsumexpBackward0", [x], out, ([g]) => [logcumsumexpBackward(g!, x, out, d)], [x, out]);
}

function cumExtreme(op: "max" | "min", x: Tensor, dim: number): ValuesIndices {
  const name = op === "max" ? "cummax" : "cummin";
  if (x.dtype === "bool") throw new DTypeError(`${name}(): bool tensors are not supported; cast with .to("uint8") first`);
  const d = normalizeDim(name, dim, x.ndim);
  const { out, indices } = scanRaw(op, x, d, x.dtype);
  const values = record(op === "max" ? "CummaxBackward0" : "CumminBackward0", [x], out, ([g]) => [
    // the positions come from the scan itself, so they are in range
    withTrustedIndices(() => (x.ndim === 0 ? g! : zerosLike(x, { dtype: g!.dtype }).scatterAdd(d, indices!, g!))),
  ], [indices!]);
  return valuesIndices(values, indices!);
}

installMethods({
  cumsum(dim: number, o?: ScanOptions) { return cumsum(this, dim, o); },
  cumprod(dim: number, o?: ScanOptions) { return cumprod(this, dim, o); },
  logcumsumexp(dim: number) { return logcumsumexp(this, dim); },
  cummax(dim: number) { return cumExtreme("max", this, dim); },
  cummin(dim: number) { return cumExtreme("min", this, dim); },
});
