import { noGrad } from "../autograd/grad-mode.js";
import { record } from "../autograd/record.js";
import { DTypeError, ShapeError } from "../errors.js";
import { normalizeDim, shapeToString } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { cat } from "./cat.js";
import { toHost, zerosLike } from "./creation.js";
import { backendOf, emptyLike } from "./dispatch.js";
import { withTrustedIndices } from "./indexing.js";
import { installMethods } from "./methods.js";
import type { ValuesIndices } from "./reduction.js";
import { cumsum, valuesIndices } from "./scan.js";

/**
 * Ops built on the `sort` primitive: sort, argsort, msort, topk, kthvalue, median, mode.
 * Each finds positions with a sort and then picks the values at them, so the
 * gradient of every one is the gather's: the upstream gradient lands on the picked elements.
 */

export interface SortOptions {
  /** Sort along this dim (default -1). */
  dim?: number;
  descending?: boolean;
  /** Accepted for PyTorch compatibility: the sort is always stable. */
  stable?: boolean;
}
export interface TopkOptions {
  dim?: number;
  /** The k largest (default) or the k smallest. */
  largest?: boolean;
  /** Accepted for PyTorch compatibility: the result is always sorted. */
  sorted?: boolean;
}
export interface DimOptions {
  dim?: number;
  keepdim?: boolean;
}

declare module "../tensor.js" {
  interface Tensor {
    sort(options?: SortOptions): ValuesIndices;
    sort(dim: number, options?: SortOptions): ValuesIndices;
    argsort(options?: SortOptions): Tensor;
    argsort(dim: number, options?: SortOptions): Tensor;
    msort(): Tensor;
    topk(k: number, options?: TopkOptions): ValuesIndices;
    topk(k: number, dim: number, options?: TopkOptions): ValuesIndices;
    kthvalue(k: number, options?: DimOptions): ValuesIndices;
    kthvalue(k: number, dim: number, options?: DimOptions): ValuesIndices;
    median(): Tensor;
    median(dim: number, options?: DimOptions): ValuesIndices;
    nanmedian(): Tensor;
    nanmedian(dim: number, options?: DimOptions): ValuesIndices;
    mode(options?: DimOptions): ValuesIndices;
    mode(dim: number, options?: DimOptions): ValuesIndices;
  }
}

/** (dim, options) or (options) → one options object with the dim filled in. */
export function dimArgs<O extends { dim?: number }>(dimOrOptions: number | O | undefined, options: O | undefined): O {
  return typeof dimOrOptions === "number" ? ({ ...options, dim: dimOrOptions } as O) : ({ ...dimOrOptions } as O);
}

/** The primitive: values and int64 positions of `x` sorted along `d`, no autograd. */
function sortRaw(x: Tensor, d: number, descending: boolean): { values: Tensor; indices: Tensor } {
  const { backend } = backendOf("sort", [x]);
  const line = x.ndim === 0 ? x.reshape([1]) : x;
  const values = emptyLike(line, line.shape, x.dtype);
  const indices = emptyLike(line, line.shape, "int64");
  backend.primitives.sort(values.kernelView, indices.kernelView, line.kernelView, d, descending);
  return x.ndim === 0 ? { values: values.reshape([]), indices: indices.reshape([]) } : { values, indices };
}

/** `x` at `indices` along `d` (positions a sort produced, so in range), with the gather's gradient. */
function pick(x: Tensor, d: number, indices: Tensor): Tensor {
  if (x.ndim === 0) return x.reshape([]).mul(1);
  return withTrustedIndices(() => x.gather(d, indices));
}

function checkSortable(op: string, x: Tensor): void {
  if (x.dtype === "bool" && op !== "sort" && op !== "argsort") throw new DTypeError(`${op}(): bool tensors are not supported; cast with .to("uint8") first`);
}

export function sort(x: Tensor, o: SortOptions = {}): ValuesIndices {
  checkSortable("sort", x);
  const d = normalizeDim("sort", o.dim ?? -1, x.ndim);
  const { values, indices } = sortRaw(x, d, !!o.descending);
  const out = record("SortBackward0", [x], values, ([g]) => [
    withTrustedIndices(() => (x.ndim === 0 ? g! : zerosLike(x, { dtype: g!.dtype }).scatter(d, indices, g!))),
  ], [indices]);
  return valuesIndices(out, indices);
}

export function argsort(x: Tensor, o: SortOptions = {}): Tensor {
  checkSortable("argsort", x);
  return sortRaw(x, normalizeDim("argsort", o.dim ?? -1, x.ndim), !!o.descending).indices;
}

function dropDim(t: Tensor, d: number, keepdim: boolean, ndim: number): Tensor {
  return keepdim || ndim === 0 ? t : t.squeeze(d);
}

export function topk(x: Tensor, k: number, o: TopkOptions = {}): ValuesIndices {
  checkSortable("topk", x);
  const d = normalizeDim("topk", o.dim ?? -1, x.ndim);
  const n = x.ndim === 0 ? 1 : x.shape[d]!;
  if (!Number.isInteger(k) || k < 0 || k > n) throw new RangeError(`topk(): selected index k (${k}) out of range for dimension ${d} of size ${n} (input ${shapeToString(x.shape)})`);
  const indices = sortRaw(x, d, o.largest ?? true).indices;
  const top = x.ndim === 0 ? indices : indices.narrow(d, 0, k);
  return valuesIndices(pick(x, d, top), top);
}

/** Values and positions at sorted position `at` (per line) along `d`. */
function selectSorted(x: Tensor, d: number, at: Tensor | number, keepdim: boolean): ValuesIndices {
  const indices = sortRaw(x, d, false).indices;
  const chosen = x.ndim === 0 ? indices : typeof at === "number" ? indices.narrow(d, at, 1) : withTrustedIndices(() => indices.gather(d, at));
  return valuesIndices(dropDim(pick(x, d, chosen), d, keepdim, x.ndim), dropDim(chosen, d, keepdim, x.ndim));
}

export function kthvalue(x: Tensor, k: number, o: DimOptions = {}): ValuesIndices {
  checkSortable("kthvalue", x);
  const d = normalizeDim("kthvalue", o.dim ?? -1, x.ndim);
  const n = x.ndim === 0 ? 1 : x.shape[d]!;
  if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`kthvalue(): selected number k (${k}) out of range for dimension ${d} of size ${n} (input ${shapeToString(x.shape)})`);
  return selectSorted(x, d, k - 1, !!o.keepdim);
}

function checkNonEmpty(op: string, x: Tensor, d: number): void {
  if (x.ndim > 0 && x.shape[d] === 0) throw new ShapeError(`${op}(): Expected reduction dim ${d} to have non-zero size (input ${shapeToString(x.shape)})`);
}

/**
 * The lower median along `d`. median propagates NaN (value NaN, index of the first NaN);
 * nanmedian takes the lower median of the non-NaN elements, which the sort puts first.
 */
function medianDim(op: "median" | "nanmedian", x: Tensor, dim: number, keepdim: boolean): ValuesIndices {
  checkSortable(op, x);
  const d = normalizeDim(op, dim, x.ndim);
  checkNonEmpty(op, x, d);
  if (x.ndim === 0) return selectSorted(x, d, 0, keepdim);
  const n = x.shape[d]!;
  const at = noGrad(() => {
    const nan = x.isnan();
    if (op === "nanmedian") {
      // numbers per line; an all-NaN line takes position 0 (a NaN)
      const count = nan.logicalNot().sum(d, { keepdim: true });
      return count.sub(1).clamp(0, null).floorDivide(2);
    }
    return emptyLike(x, [], "int64").fill_((n - 1) >> 1);
  });
  if (op === "nanmedian") return selectSorted(x, d, at, keepdim);
  const lower = selectSorted(x, d, (n - 1) >> 1, true).indices;
  const indices = noGrad(() => {
    const nan = x.isnan();
    const firstNan = nan.to("uint8").argmax(d, { keepdim: true });
    return firstNan.where(nan.any(d, { keepdim: true }), lower);
  });
  return valuesIndices(dropDim(pick(x, d, indices), d, keepdim, 1), dropDim(indices, d, keepdim, 1));
}

/** median()/nanmedian() over all elements: the value only. */
function medianAll(op: "median" | "nanmedian", x: Tensor): Tensor {
  if (x.numel() === 0) return emptyLike(x, [], x.dtype).fill_(NaN);
  return medianDim(op, x.reshape([-1]), 0, false).values;
}

/**
 * The most frequent value along `d` (the smallest on ties) and the last position holding it. Runs of
 * equal values in the sorted line are counted with a cumsum (run ids) and a scatter-add, so nothing is
 * read back.
 */
export function mode(x: Tensor, o: DimOptions = {}): ValuesIndices {
  checkSortable("mode", x);
  const d = normalizeDim("mode", o.dim ?? -1, x.ndim);
  checkNonEmpty("mode", x, d);
  if (x.ndim === 0) return selectSorted(x, d, 0, !!o.keepdim);
  const n = x.shape[d]!;
  const indices = noGrad(() => {
    const sorted = sortRaw(x, d, false).values;
    const starts = sorted.narrow(d, 1, n - 1).ne(sorted.narrow(d, 0, n - 1));
    const first = emptyLike(x, x.shape.map((s, i) => (i === d ? 1 : s)), "bool").fill_(1);
    const run = cumsum(cat([first, starts], d), d).sub(1);
    const counts = withTrustedIndices(() => zerosLike(run).scatterAdd(d, run, onesOf(run)).gather(d, run));
    const best = counts.argmax(d, { keepdim: true });
    const value = withTrustedIndices(() => sorted.gather(d, best));
    const position = positionsAlong(x, d);
    return position.where(x.eq(value), -1).amax(d, { keepdim: true });
  });
  return valuesIndices(dropDim(pick(x, d, indices), d, !!o.keepdim, 1), dropDim(indices, d, !!o.keepdim, 1));
}

function onesOf(t: Tensor): Tensor {
  return zerosLike(t).fill_(1);
}

/** 0, 1, ..., n-1 along `d` of `x` (size 1 elsewhere), as int64 on x's backend. */
export function positionsAlong(x: Tensor, d: number): Tensor {
  const n = x.shape[d]!;
  const p = emptyLike(x, [n], "int64");
  if (n > 0) p.storage.backend.allocator.write(p.storage.buffer, "int64", toHost(Array.from({ length: n }, (_, i) => i), "int64"), 0, p.storage.deviceIndex);
  return p.reshape(x.shape.map((s, i) => (i === d ? n : 1)));
}

installMethods({
  sort(dim?: number | SortOptions, o?: SortOptions) { return sort(this, dimArgs(dim, o)); },
  argsort(dim?: number | SortOptions, o?: SortOptions) { return argsort(this, dimArgs(dim, o)); },
  msort() { return sort(this, { dim: 0 }).values; },
  topk(k: number, dim?: number | TopkOptions, o?: TopkOptions) { return topk(this, k, dimArgs(dim, o)); },
  kthvalue(k: number, dim?: number | DimOptions, o?: DimOptions) { return kthvalue(this, k, dimArgs(dim, o)); },
  median(dim?: number, o?: DimOptions) { return dim === undefined ? medianAll("median", this) : medianDim("median", this, dim, !!o?.keepdim); },
  nanmedian(dim?: number, o?: DimOptions) { return dim === undefined ? medianAll("nanmedian", this) : medianDim("nanmedian", this, dim, !!o?.keepdim); },
  mode(dim?: number | DimOptions, o?: DimOptions) { return mode(this, dimArgs(dim, o)); },
});
