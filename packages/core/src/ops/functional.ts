import type { Shape } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { binaryOp } from "./binary.js";
import { chunk as chunkImpl, split as splitImpl } from "./split.js";
import type { TensorLike } from "./operands.js";
import { nonzero as nonzeroImpl, nonzeroTuple } from "./selection.js";
import { bincount as bincountImpl, bincountArgs, histc as histcImpl, histcArgs, type BincountOptions, type HistcOptions } from "./histogram.js";
import {
  argsort as argsortImpl, dimArgs, kthvalue as kthvalueImpl, mode as modeImpl, sort as sortImpl, topk as topkImpl,
  type DimOptions, type SortOptions, type TopkOptions,
} from "./sort.js";
import type { Dims, ReduceOptions, ValuesIndices, VarOptions } from "./reduction.js";

/**
 * Top-level functional forms (`torch.add(a, b)`, `torch.sum(x, 1)`, ...). Each
 * delegates to the Tensor method of the same name, so the op, its gradient
 * and its errors live in one place. Ops with no method form (cat, stack, ...)
 * are re-exported from their own files.
 */

export { cat, stack, hstack, vstack } from "./cat.js";
export { flip } from "./flip.js";
export { tile } from "./repeat.js";
export { indexSelect, indexAdd } from "./index-select.js";
export { isclose, allclose, equal, type CloseOptions } from "./isclose.js";
export { cumsum, cumprod, logcumsumexp, type ScanOptions } from "./scan.js";
export { searchsorted, bucketize, type SearchsortedOptions } from "./search.js";
export { unique, type UniqueOptions } from "./unique.js";
export { diagonal, diagEmbed, diag, trace } from "./diagonal.js";
export { roll, rot90 } from "./roll.js";
export { addmm, addbmm, baddbmm, kron, cross, cdist, meshgrid, type ScaleOptions } from "./products.js";
export { einsum, tensordot } from "./einsum.js";
export { lerp, logit, logaddexp, hypot, nansum, nanmean, countNonzero, quantile, nanquantile, type QuantileOptions, type QuantileInterpolation } from "./math.js";
export type { SortOptions, TopkOptions, DimOptions } from "./sort.js";

// ---- pointwise arithmetic ----
export function add(input: Tensor, other: TensorLike, options?: { alpha?: number }): Tensor { return input.add(other, options); }
export function sub(input: Tensor, other: TensorLike, options?: { alpha?: number }): Tensor { return input.sub(other, options); }
export function rsub(input: Tensor, other: TensorLike, options?: { alpha?: number }): Tensor { return input.rsub(other, options); }
export function mul(input: Tensor, other: TensorLike): Tensor { return input.mul(other); }
export function div(input: Tensor, other: TensorLike, options?: { roundingMode?: "trunc" | "floor" }): Tensor { return input.div(other, options); }
/** `torch.pow(x, 2)` and, with a number base, `torch.pow(2, x)`. */
export function pow(input: Tensor | number, exponent: TensorLike): Tensor { return binaryOp("pow", input, exponent); }
export function maximum(input: Tensor, other: Tensor): Tensor { return input.maximum(other); }
export function minimum(input: Tensor, other: Tensor): Tensor { return input.minimum(other); }
export function fmod(input: Tensor, other: TensorLike): Tensor { return input.fmod(other); }
export function remainder(input: Tensor, other: TensorLike): Tensor { return input.remainder(other); }
export function floorDivide(input: Tensor, other: TensorLike): Tensor { return input.floorDivide(other); }
export function atan2(input: Tensor, other: Tensor): Tensor { return input.atan2(other); }
export function neg(input: Tensor): Tensor { return input.neg(); }
export function abs(input: Tensor): Tensor { return input.abs(); }
export function sign(input: Tensor): Tensor { return input.sign(); }
export function exp(input: Tensor): Tensor { return input.exp(); }
export function exp2(input: Tensor): Tensor { return input.exp2(); }
export function expm1(input: Tensor): Tensor { return input.expm1(); }
export function log(input: Tensor): Tensor { return input.log(); }
export function log2(input: Tensor): Tensor { return input.log2(); }
export function log10(input: Tensor): Tensor { return input.log10(); }
export function log1p(input: Tensor): Tensor { return input.log1p(); }
export function sqrt(input: Tensor): Tensor { return input.sqrt(); }
export function rsqrt(input: Tensor): Tensor { return input.rsqrt(); }
export function square(input: Tensor): Tensor { return input.square(); }
export function reciprocal(input: Tensor): Tensor { return input.reciprocal(); }
export function sin(input: Tensor): Tensor { return input.sin(); }
export function cos(input: Tensor): Tensor { return input.cos(); }
export function tan(input: Tensor): Tensor { return input.tan(); }
export function erf(input: Tensor): Tensor { return input.erf(); }
export function floor(input: Tensor): Tensor { return input.floor(); }
export function ceil(input: Tensor): Tensor { return input.ceil(); }
export function round(input: Tensor): Tensor { return input.round(); }
export function trunc(input: Tensor): Tensor { return input.trunc(); }
export function clamp(input: Tensor, min?: number | null, max?: number | null): Tensor { return input.clamp(min, max); }
export function clip(input: Tensor, min?: number | null, max?: number | null): Tensor { return input.clip(min, max); }

// ---- comparison and logic ----
export function eq(input: Tensor, other: TensorLike): Tensor { return input.eq(other); }
export function ne(input: Tensor, other: TensorLike): Tensor { return input.ne(other); }
export function lt(input: Tensor, other: TensorLike): Tensor { return input.lt(other); }
export function le(input: Tensor, other: TensorLike): Tensor { return input.le(other); }
export function gt(input: Tensor, other: TensorLike): Tensor { return input.gt(other); }
export function ge(input: Tensor, other: TensorLike): Tensor { return input.ge(other); }
export function logicalAnd(input: Tensor, other: TensorLike): Tensor { return input.logicalAnd(other); }
export function logicalOr(input: Tensor, other: TensorLike): Tensor { return input.logicalOr(other); }
export function logicalXor(input: Tensor, other: TensorLike): Tensor { return input.logicalXor(other); }
export function logicalNot(input: Tensor): Tensor { return input.logicalNot(); }
export function isnan(input: Tensor): Tensor { return input.isnan(); }
export function isinf(input: Tensor): Tensor { return input.isinf(); }
export function isfinite(input: Tensor): Tensor { return input.isfinite(); }

// ---- reductions ----
export function sum(input: Tensor, dim?: Dims | null, options?: ReduceOptions): Tensor { return input.sum(dim, options); }
export function mean(input: Tensor, dim?: Dims | null, options?: ReduceOptions): Tensor { return input.mean(dim, options); }
export function prod(input: Tensor, dim?: number | null, options?: ReduceOptions): Tensor { return input.prod(dim, options); }
function variance(input: Tensor, dim?: Dims | null, options?: VarOptions): Tensor { return input.var(dim, options); }
/** `torch.var` (exported under that name; `var` is a reserved word in declarations). */
export { variance as var };
export function std(input: Tensor, dim?: Dims | null, options?: VarOptions): Tensor { return input.std(dim, options); }
export function amax(input: Tensor, dim?: Dims | null, options?: ReduceOptions): Tensor { return input.amax(dim, options); }
export function amin(input: Tensor, dim?: Dims | null, options?: ReduceOptions): Tensor { return input.amin(dim, options); }
export function argmax(input: Tensor, dim?: number | null, options?: ReduceOptions): Tensor { return input.argmax(dim, options); }
export function argmin(input: Tensor, dim?: number | null, options?: ReduceOptions): Tensor { return input.argmin(dim, options); }
export function logsumexp(input: Tensor, dim: Dims, options?: ReduceOptions): Tensor { return input.logsumexp(dim, options); }
export function all(input: Tensor, dim?: number | null, options?: ReduceOptions): Tensor { return input.all(dim, options); }
export function any(input: Tensor, dim?: number | null, options?: ReduceOptions): Tensor { return input.any(dim, options); }
export function norm(input: Tensor, p?: number | "fro", dim?: Dims | null, options?: ReduceOptions): Tensor { return input.norm(p, dim, options); }

/** `torch.max(x)`, `torch.max(x, dim)` -> (values, indices), `torch.max(x, other)` (elementwise). */
export function max(input: Tensor): Tensor;
export function max(input: Tensor, dim: number, options?: ReduceOptions): ValuesIndices;
export function max(input: Tensor, other: Tensor): Tensor;
export function max(input: Tensor, dimOrOther?: number | Tensor, options?: ReduceOptions): Tensor | ValuesIndices {
  if (dimOrOther === undefined) return input.max();
  return typeof dimOrOther === "number" ? input.max(dimOrOther, options) : input.maximum(dimOrOther);
}

/** `torch.min(x)`, `torch.min(x, dim)` -> (values, indices), `torch.min(x, other)` (elementwise). */
export function min(input: Tensor): Tensor;
export function min(input: Tensor, dim: number, options?: ReduceOptions): ValuesIndices;
export function min(input: Tensor, other: Tensor): Tensor;
export function min(input: Tensor, dimOrOther?: number | Tensor, options?: ReduceOptions): Tensor | ValuesIndices {
  if (dimOrOther === undefined) return input.min();
  return typeof dimOrOther === "number" ? input.min(dimOrOther, options) : input.minimum(dimOrOther);
}

// ---- scans, sorting and counting ----
export function cummax(input: Tensor, dim: number): ValuesIndices { return input.cummax(dim); }
export function cummin(input: Tensor, dim: number): ValuesIndices { return input.cummin(dim); }
export function sort(input: Tensor, dim?: number | SortOptions, options?: SortOptions): ValuesIndices { return sortImpl(input, dimArgs(dim, options)); }
export function argsort(input: Tensor, dim?: number | SortOptions, options?: SortOptions): Tensor { return argsortImpl(input, dimArgs(dim, options)); }
export function msort(input: Tensor): Tensor { return input.msort(); }
export function topk(input: Tensor, k: number, dim?: number | TopkOptions, options?: TopkOptions): ValuesIndices { return topkImpl(input, k, dimArgs(dim, options)); }
export function kthvalue(input: Tensor, k: number, dim?: number | DimOptions, options?: DimOptions): ValuesIndices { return kthvalueImpl(input, k, dimArgs(dim, options)); }
export function mode(input: Tensor, dim?: number | DimOptions, options?: DimOptions): ValuesIndices { return modeImpl(input, dimArgs(dim, options)); }
/** `torch.median(x)` (the lower median of all elements) or `torch.median(x, dim)` -> (values, indices). */
export function median(input: Tensor): Tensor;
export function median(input: Tensor, dim: number, options?: DimOptions): ValuesIndices;
export function median(input: Tensor, dim?: number, options?: DimOptions): Tensor | ValuesIndices { return dim === undefined ? input.median() : input.median(dim, options); }
/** median ignoring NaN. */
export function nanmedian(input: Tensor): Tensor;
export function nanmedian(input: Tensor, dim: number, options?: DimOptions): ValuesIndices;
export function nanmedian(input: Tensor, dim?: number, options?: DimOptions): Tensor | ValuesIndices { return dim === undefined ? input.nanmedian() : input.nanmedian(dim, options); }
export function bincount(input: Tensor, weights?: Tensor | BincountOptions | null, minlength?: number): Tensor { return bincountImpl(input, bincountArgs(weights, minlength)); }
export function histc(input: Tensor, bins?: number | HistcOptions, min?: number, max?: number): Tensor { return histcImpl(input, histcArgs(bins, min, max)); }

export function tril(input: Tensor, diagonal?: number): Tensor { return input.tril(diagonal); }
export function triu(input: Tensor, diagonal?: number): Tensor { return input.triu(diagonal); }

// ---- linear algebra ----
export function mm(input: Tensor, mat2: Tensor): Tensor { return input.mm(mat2); }
export function bmm(input: Tensor, mat2: Tensor): Tensor { return input.bmm(mat2); }
export function dot(input: Tensor, other: Tensor): Tensor { return input.dot(other); }
export function mv(input: Tensor, vec: Tensor): Tensor { return input.mv(vec); }
export function outer(input: Tensor, vec2: Tensor): Tensor { return input.outer(vec2); }

// ---- shapes and views ----
export function reshape(input: Tensor, shape: Shape): Tensor { return input.reshape(shape); }
export function transpose(input: Tensor, dim0: number, dim1: number): Tensor { return input.transpose(dim0, dim1); }
export function swapaxes(input: Tensor, axis0: number, axis1: number): Tensor { return input.swapaxes(axis0, axis1); }
export function permute(input: Tensor, dims: readonly number[]): Tensor { return input.permute(dims); }
export function t(input: Tensor): Tensor { return input.t(); }
export function movedim(input: Tensor, source: number, destination: number): Tensor { return input.movedim(source, destination); }
export function flatten(input: Tensor, startDim?: number, endDim?: number): Tensor { return input.flatten(startDim, endDim); }
export function unflatten(input: Tensor, dim: number, sizes: readonly number[]): Tensor { return input.unflatten(dim, sizes); }
export function squeeze(input: Tensor, dim?: number | readonly number[]): Tensor { return input.squeeze(dim); }
export function unsqueeze(input: Tensor, dim: number): Tensor { return input.unsqueeze(dim); }
export function narrow(input: Tensor, dim: number, start: number, length: number): Tensor { return input.narrow(dim, start, length); }
export function select(input: Tensor, dim: number, index: number): Tensor { return input.select(dim, index); }
export function unbind(input: Tensor, dim?: number): Tensor[] { return input.unbind(dim); }
export function split(input: Tensor, splitSizeOrSections: number | readonly number[], dim?: number): Tensor[] { return splitImpl(input, splitSizeOrSections, dim); }
export function chunk(input: Tensor, chunks: number, dim?: number): Tensor[] { return chunkImpl(input, chunks, dim); }
export function clone(input: Tensor): Tensor { return input.clone(); }

// ---- indexing ----
export function gather(input: Tensor, dim: number, index: Tensor): Tensor { return input.gather(dim, index); }
export function scatter(input: Tensor, dim: number, index: Tensor, src: Tensor | number): Tensor { return input.scatter(dim, index, src); }
export function scatterAdd(input: Tensor, dim: number, index: Tensor, src: Tensor): Tensor { return input.scatterAdd(dim, index, src); }
export function maskedFill(input: Tensor, mask: Tensor, value: number | Tensor): Tensor { return input.maskedFill(mask, value); }
export function maskedSelect(input: Tensor, mask: Tensor): Tensor { return input.maskedSelect(mask); }
export function maskedScatter(input: Tensor, mask: Tensor, source: Tensor): Tensor { return input.maskedScatter(mask, source); }
export function take(input: Tensor, index: Tensor): Tensor { return input.take(index); }
export function takeAlongDim(input: Tensor, indices: Tensor, dim?: number | null): Tensor { return input.takeAlongDim(indices, dim); }
export function argwhere(input: Tensor): Tensor { return input.argwhere(); }
/** `torch.nonzero(x)`: [n, ndim] coordinates; with `{ asTuple: true }`, one tensor of positions per dim. */
export function nonzero(input: Tensor, options?: { asTuple?: false }): Tensor;
export function nonzero(input: Tensor, options: { asTuple: true }): Tensor[];
export function nonzero(input: Tensor, options?: { asTuple?: boolean }): Tensor | Tensor[] { return options?.asTuple ? nonzeroTuple(input) : nonzeroImpl(input); }

/** `torch.concat` / `torch.concatenate`: aliases of cat. */
export { cat as concat, cat as concatenate } from "./cat.js";
