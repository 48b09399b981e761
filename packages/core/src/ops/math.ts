import { noGrad } from "../autograd/grad-mode.js";
import { record } from "../autograd/record.js";
import { isFloatingPoint } from "../dtype.js";
import { DTypeError, ShapeError } from "../errors.js";
import { normalizeDim, normalizeDims, shapeToString } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { scalarLike } from "./creation.js";
import { installMethods } from "./methods.js";
import { binaryOperands, type TensorLike } from "./operands.js";
import type { Dims, ReduceOptions } from "./reduction.js";
import { sort } from "./sort.js";

/**
 * Pointwise and reduction math composed from primitives: lerp, logit, logaddexp, hypot, nansum,
 * nanmean, countNonzero, quantile and nanquantile.
 */

export type QuantileInterpolation = "linear" | "lower" | "higher" | "midpoint" | "nearest";
export interface QuantileOptions {
  dim?: number | null;
  keepdim?: boolean;
  interpolation?: QuantileInterpolation;
}

declare module "../tensor.js" {
  interface Tensor {
    lerp(end: Tensor, weight: TensorLike): Tensor;
    logit(eps?: number | null): Tensor;
    logaddexp(other: Tensor): Tensor;
    hypot(other: Tensor): Tensor;
    nansum(dim?: Dims | null, options?: ReduceOptions): Tensor;
    nanmean(dim?: Dims | null, options?: ReduceOptions): Tensor;
    countNonzero(dim?: Dims | null): Tensor;
    quantile(q: number | Tensor, options?: QuantileOptions): Tensor;
    quantile(q: number | Tensor, dim: number | null, options?: QuantileOptions): Tensor;
    nanquantile(q: number | Tensor, options?: QuantileOptions): Tensor;
    nanquantile(q: number | Tensor, dim: number | null, options?: QuantileOptions): Tensor;
  }
}

function requireFloat(op: string, ...ts: Tensor[]): void {
  for (const t of ts) if (!isFloatingPoint(t.dtype)) throw new DTypeError(`${op}: expected a floating point tensor, got ${t.dtype}`);
}

/** start + weight * (end - start), from whichever end is nearer (PyTorch's formula, exact at weight 0 and 1). */
export function lerp(start: Tensor, end: Tensor, weight: TensorLike): Tensor {
  requireFloat("lerp", start, end);
  if (start.dtype !== end.dtype) throw new DTypeError(`lerp: expected dtype ${start.dtype} for \`end\` but got dtype ${end.dtype}`);
  const diff = end.sub(start);
  if (typeof weight === "number") return weight < 0.5 ? start.add(diff.mul(weight)) : end.sub(diff.mul(1 - weight));
  if (typeof weight === "boolean") throw new TypeError("lerp: weight must be a number or a tensor");
  const w = weight;
  return start.add(diff.mul(w)).where(w.abs().lt(0.5), end.sub(diff.mul(w.rsub(1))));
}

export function logit(x: Tensor, eps?: number | null): Tensor {
  const f = isFloatingPoint(x.dtype) ? x : x.to("float32");
  const z = eps == null ? f : f.clamp(eps, 1 - eps);
  return z.div(z.rsub(1)).log();
}

/** log(exp(a) + exp(b)) without overflow; two equal infinities give that infinity. */
export function logaddexp(a: Tensor, b: Tensor): Tensor {
  requireFloat("logaddexp", a, b);
  const m = a.maximum(b);
  const sum = m.add(a.sub(b).abs().neg().exp().log1p());
  return sum.where(a.isinf().logicalAnd(a.eq(b)).logicalNot(), a);
}

/** sqrt(a² + b²) scaled by the larger magnitude (no overflow); the gradient is a/h, b/h as PyTorch's. */
export function hypot(a: Tensor, b: Tensor): Tensor {
  requireFloat("hypot", a, b);
  const { a: x, b: y } = binaryOperands("hypot", a, b);
  const out = noGrad(() => {
    const [ax, ay] = [x.abs(), y.abs()];
    const hi = ax.maximum(ay);
    const lo = ax.minimum(ay);
    const r = lo.div(hi.where(hi.ne(0), 1));
    const h = hi.mul(r.mul(r).add(1).sqrt());
    // an infinite side wins over a NaN one, as C's hypot
    return h.where(ax.isinf().logicalOr(ay.isinf()).logicalNot(), Infinity);
  });
  return record("HypotBackward0", [x, y], out, ([g]) => [g!.mul(x).div(out), g!.mul(y).div(out)], [x, y, out]);
}

export function nansum(x: Tensor, dim?: Dims | null, o: ReduceOptions = {}): Tensor {
  const clean = isFloatingPoint(x.dtype) ? x.where(x.isnan().logicalNot(), 0) : x;
  return clean.sum(dim, o);
}

export function nanmean(x: Tensor, dim?: Dims | null, o: ReduceOptions = {}): Tensor {
  if (!isFloatingPoint(x.dtype)) throw new DTypeError(`nanmean(): expected input to have floating point dtype but got ${x.dtype}`);
  const count = x.isnan().logicalNot().sum(dim, { keepdim: o.keepdim });
  return nansum(x, dim, o).div(count);
}

export function countNonzero(x: Tensor, dim?: Dims | null): Tensor {
  return x.ne(0).sum(dim == null ? null : normalizeDims("countNonzero", dim, x.ndim));
}

/**
 * Quantiles along `dim` (or of all elements): sort, then pick or interpolate between the sorted
 * elements at rank q * (n - 1). quantile gives NaN for a line holding NaN; nanquantile ranks the
 * non-NaN elements (which the sort puts first) only.
 */
function quantileImpl(op: "quantile" | "nanquantile", x: Tensor, q: number | Tensor, o: QuantileOptions): Tensor {
  requireFloat(op, x);
  const interpolation = o.interpolation ?? "linear";
  if (!["linear", "lower", "higher", "midpoint", "nearest"].includes(interpolation)) {
    throw new TypeError(`${op}(): interpolation must be one of linear, lower, higher, midpoint or nearest. Got ${String(interpolation)}`);
  }
  const qt = typeof q === "number" ? null : q;
  if (qt && qt.ndim > 1) throw new ShapeError(`${op}(): q must be a scalar or 1D tensor (got shape ${shapeToString(qt.shape)})`);
  if (qt && qt.dtype !== x.dtype) throw new DTypeError(`${op}(): q tensor must be same dtype as the input tensor (${x.dtype}), got ${qt.dtype}`);
  const qValues = typeof q === "number" ? [q] : qt!.storage.backend.allocator.readSync ? qt!.toArray() : [];
  for (const v of qValues) if (!(v >= 0 && v <= 1)) throw new RangeError(`${op}(): q values must be in the range [0, 1] (got ${v})`);
  const flat = o.dim == null;
  const input = flat ? x.reshape([-1]) : x;
  const d = flat ? 0 : normalizeDim(op, o.dim!, x.ndim);
  if (input.ndim > 0 && input.shape[d] === 0) throw new ShapeError(`${op}(): input tensor must be non-empty`);
  // sorted along the last dim: [..., n]
  const sorted = sort(input.ndim === 0 ? input.reshape([1]) : input, { dim: d }).values.movedim(input.ndim === 0 ? 0 : d, -1);
  const n = sorted.shape[sorted.ndim - 1]!;
  const qs = (qt ? qt.reshape([-1]) : scalarLike(x, q as number, x.dtype)).detach();
  const k = qs.numel();
  const lineShape = [...sorted.shape.slice(0, -1), 1];
  const ranks = noGrad(() => {
    const nan = sorted.isnan();
    const last = op === "nanquantile"
      ? nan.logicalNot().sum(-1, { keepdim: true, dtype: x.dtype }).sub(1).clamp(0, null)
      : nan.any(-1, { keepdim: true }).logicalNot().to(x.dtype).mul(0).add(n - 1);
    const r = qs.reshape([k, ...lineShape.map(() => 1)]).mul(last.unsqueeze(0));
    // quantile: a line with NaN takes its last (NaN) element
    return op === "quantile" ? r.where(nan.any(-1, { keepdim: true }).logicalNot().unsqueeze(0), n - 1) : r;
  });
  const expanded = sorted.unsqueeze(0).expand([k, ...sorted.shape]);
  const at = (idx: Tensor) => expanded.gather(-1, idx.to("int64"));
  const below = noGrad(() => ranks.floor());
  const above = noGrad(() => ranks.ceil());
  let out: Tensor;
  switch (interpolation) {
    case "lower": out = at(below); break;
    case "higher": out = at(above); break;
    case "nearest": out = at(noGrad(() => ranks.round())); break;
    case "midpoint": out = lerp(at(below), at(above), noGrad(() => ranks.sub(below).ne(0).to(x.dtype).mul(0.5))); break;
    default: out = lerp(at(below), at(above), noGrad(() => ranks.sub(below)));
  }
  // out: [k, ...lines, 1] -> keepdim: 1 back at dim (every dim when flattened); else dropped
  let result = out.squeeze(-1);
  if (o.keepdim) result = flat ? result.reshape([k, ...x.shape.map(() => 1)]) : result.unsqueeze(d + 1);
  return typeof q === "number" ? result.squeeze(0) : result;
}

function quantileArgs(dim: number | null | QuantileOptions | undefined, o: QuantileOptions | undefined): QuantileOptions {
  return dim !== null && typeof dim === "object" ? dim : { ...o, dim: dim ?? null };
}

installMethods({
  lerp(end: Tensor, weight: TensorLike) { return lerp(this, end, weight); },
  logit(eps?: number | null) { return logit(this, eps); },
  logaddexp(other: Tensor) { return logaddexp(this, other); },
  hypot(other: Tensor) { return hypot(this, other); },
  nansum(dim?: Dims | null, o?: ReduceOptions) { return nansum(this, dim, o); },
  nanmean(dim?: Dims | null, o?: ReduceOptions) { return nanmean(this, dim, o); },
  countNonzero(dim?: Dims | null) { return countNonzero(this, dim); },
  quantile(q: number | Tensor, dim?: number | null | QuantileOptions, o?: QuantileOptions) { return quantileImpl("quantile", this, q, quantileArgs(dim, o)); },
  nanquantile(q: number | Tensor, dim?: number | null | QuantileOptions, o?: QuantileOptions) { return quantileImpl("nanquantile", this, q, quantileArgs(dim, o)); },
});

export function quantile(input: Tensor, q: number | Tensor, dim?: number | null | QuantileOptions, o?: QuantileOptions): Tensor { return quantileImpl("quantile", input, q, quantileArgs(dim, o)); }
export function nanquantile(input: Tensor, q: number | Tensor, dim?: number | null | QuantileOptions, o?: QuantileOptions): Tensor { return quantileImpl("nanquantile", input, q, quantileArgs(dim, o)); }
