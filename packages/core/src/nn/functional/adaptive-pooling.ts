import type { Shape4 } from "../../backend/fused.js";
import { record } from "../../autograd/record.js";
import { isFloatingPoint } from "../../dtype.js";
import { DTypeError, ShapeError } from "../../errors.js";
import { compositeForward } from "../../ops/composite.js";
import { shapeToString } from "../../shape.js";
import type { Tensor } from "../../tensor.js";
import { hostTable } from "./host-table.js";
import { maxPoolBackward } from "./pooling.js";
import { withTrustedIndices } from "../../ops/indexing.js";
import type { Pair } from "./window.js";

/**
 * Adaptive pooling: output cell i along a dim of size n covers
 * [floor(i n / out), ceil((i + 1) n / out)). Averages are separable, so the
 * average pool is A_h x A_w^T with averaging matrices; the max pool gathers
 * each cell's region (padded to the largest region by repeating its last
 * row/column, which cannot change a max) and shares max pooling's gradient.
 */

/** A size per spatial dim; null keeps the input's size there. */
export type AdaptiveSize = number | null | readonly [number | null, number | null];

function regionStart(i: number, n: number, out: number): number {
  return Math.floor((i * n) / out);
}

function regionEnd(i: number, n: number, out: number): number {
  return Math.ceil(((i + 1) * n) / out);
}

/** [out, n]: row i averages region i. */
function averagingMatrix(like: Tensor, n: number, out: number): Tensor {
  return hostTable([out, n], like.dtype, like, (flat) => {
    const [i, k] = [Math.floor(flat / n), flat % n];
    const [s, e] = [regionStart(i, n, out), regionEnd(i, n, out)];
    return k >= s && k < e ? 1 / (e - s) : 0;
  });
}

/**
 * Each output cell averages its own region only, so a NaN or infinity spoils
 * the cells whose regions hold it and no other (a product with an averaging
 * matrix would multiply it by zero into every cell). The gradient is the
 * transpose of the averaging, as a product of matrices.
 */
function adaptiveAvg(x: Tensor, outputSize: Pair): Tensor {
  const [H, W] = [x.shape[2]!, x.shape[3]!];
  const out = compositeForward("adaptiveAvgPool2d", [x], { outputSize }, () => adaptiveAvgDecomposed(x, outputSize));
  return record("AdaptiveAvgPool2DBackward0", [x], out, ([g]) => {
    const rows = averagingMatrix(g!, H, outputSize[0]);
    const cols = averagingMatrix(g!, W, outputSize[1]);
    return [rows.t().matmul(g!).matmul(cols)];
  });
}

/** The regions' candidates ([N, C, oH, oW, K]) weighted by 1 / region size, 0 for the repeats that pad a region to the longest. */
function adaptiveAvgDecomposed(x: Tensor, outputSize: Pair): Tensor {
  const [, , H, W] = x.shape as Shape4;
  const [oH, oW] = outputSize;
  const r = regionIndex(H, oH);
  const c = regionIndex(W, oW);
  const K = r.longest * c.longest;
  const weights = hostTable([oH, oW, K], x.dtype, x, (flat) => {
    const k = flat % K;
    const cell = Math.floor(flat / K);
    const [i, j] = [Math.floor(cell / oW), cell % oW];
    const [hs, he, ws, we] = [regionStart(i, H, oH), regionEnd(i, H, oH), regionStart(j, W, oW), regionEnd(j, W, oW)];
    const inside = hs + Math.floor(k / c.longest) < he && ws + (k % c.longest) < we;
    return inside ? 1 / ((he - hs) * (we - ws)) : 0;
  });
  // where, not only a product: a padding repeat of an infinity times 0 would be NaN
  return regionCandidates(x, outputSize, r, c).mul(weights).where(weights.ne(0), 0).sum(-1);
}

/** [out, longest]: the input index of each region element, the last one repeated to fill. */
function regionIndex(n: number, out: number): { index: number[]; longest: number } {
  let longest = 0;
  for (let i = 0; i < out; i++) longest = Math.max(longest, regionEnd(i, n, out) - regionStart(i, n, out));
  const index = Array.from({ length: out * longest }, (_, flat) => {
    const i = Math.floor(flat / longest);
    return Math.min(regionStart(i, n, out) + (flat % longest), regionEnd(i, n, out) - 1);
  });
  return { index, longest };
}

type Regions = { index: number[]; longest: number };

/** Every output cell's region as one row of candidates: [N, C, oH, oW, kh * kw] in row-major window order. */
function regionCandidates(x: Tensor, [oH, oW]: Pair, r: Regions, c: Regions): Tensor {
  const [N, C, , W] = x.shape as Shape4;
  const rowIdx = hostTable([1, 1, oH * r.longest, 1], "int64", x, (i) => r.index[i]!).expand([N, C, oH * r.longest, W]);
  const colIdx = hostTable([1, 1, 1, oW * c.longest], "int64", x, (j) => c.index[j]!).expand([N, C, oH * r.longest, oW * c.longest]);
  // window tables are in range by construction: no read-back to check them
  return withTrustedIndices(() => x.gather(2, rowIdx).gather(3, colIdx)).reshape([N, C, oH, r.longest, oW, c.longest]).permute(0, 1, 2, 4, 3, 5).reshape([N, C, oH, oW, r.longest * c.longest]);
}

function adaptiveMaxDecomposed(x: Tensor, outputSize: Pair): [Tensor, Tensor] {
  const [N, C, H, W] = x.shape as Shape4;
  const [oH, oW] = outputSize;
  const r = regionIndex(H, oH);
  const c = regionIndex(W, oW);
  const regions = regionCandidates(x, outputSize, r, c);
  const best = regions.argmax(-1, { keepdim: true });
  const K = r.longest * c.longest;
  const positions = hostTable([oH, oW, K], "int64", x, (flat) => {
    const k = flat % K;
    const cell = Math.floor(flat / K);
    const [i, j] = [Math.floor(cell / oW), cell % oW];
    return r.index[i * r.longest + Math.floor(k / c.longest)]! * W + c.index[j * c.longest + (k % c.longest)]!;
  }).expand([N, C, oH, oW, K]);
  return withTrustedIndices(() => [regions.gather(-1, best).squeeze(-1), positions.gather(-1, best).squeeze(-1)]);
}

function adaptiveMax(x: Tensor, outputSize: Pair): [Tensor, Tensor] {
  const [out, indices] = compositeForward("adaptiveMaxPool2d", [x], { outputSize }, () => adaptiveMaxDecomposed(x, outputSize));
  return record("AdaptiveMaxPool2DBackward0", [x], [out, indices], ([g]) => [maxPoolBackward(g!, indices, x.shape as Shape4)], [indices]);
}

/** Validates the input and resolves null entries; `spatialDims` is 1 for the 1-D forms (run over height 1). */
function resolveSize(op: string, x: Tensor, size: AdaptiveSize, spatialDims: 1 | 2): Pair {
  if (x.ndim !== spatialDims + 1 && x.ndim !== spatialDims + 2) {
    throw new ShapeError(`${op}(): Expected ${spatialDims + 1}D or ${spatialDims + 2}D tensor, but got ${shapeToString(x.shape)}`);
  }
  const given = size === null || typeof size === "number" ? [size, size] : size;
  if (given.length !== 2) throw new TypeError(`${op}: output_size must be an int or a pair of ints or None`);
  // a batch may be empty; any other empty dim leaves regions with nothing to pool
  const nonBatch = x.ndim === spatialDims + 2 ? 1 : 0;
  const empty = x.shape.findIndex((s, d) => d >= nonBatch && s === 0);
  if (empty >= 0) {
    throw new ShapeError(`${op}(): Expected input to have non-zero size for non-batch dimensions, but input has sizes ${shapeToString(x.shape)} with dimension ${empty} being empty`);
  }
  const spatial = x.shape.slice(-2);
  const out = given.map((s, d) => s ?? spatial[d]!) as Pair;
  if (out.some((s) => !Number.isInteger(s) || s < 0)) {
    throw new RangeError(`${op}: elements of output_size must be greater than or equal to 0 but received {${out.slice(2 - spatialDims).join(", ")}}`);
  }
  return out;
}

function batched<T extends Tensor | [Tensor, Tensor]>(x: Tensor, pool: (x4: Tensor) => T): T {
  if (x.ndim === 4) return pool(x);
  const out = pool(x.unsqueeze(0));
  return (Array.isArray(out) ? out.map((t) => t.squeeze(0)) : out.squeeze(0)) as T;
}

function checkFloat(op: string, x: Tensor): void {
  if (!isFloatingPoint(x.dtype)) throw new DTypeError(`${op}: "${op}" not implemented for '${x.dtype}'`);
}

export function adaptiveAvgPool2d(input: Tensor, outputSize: AdaptiveSize): Tensor {
  const size = resolveSize("adaptive_avg_pool2d", input, outputSize, 2);
  checkFloat("adaptive_avg_pool2d", input);
  return batched(input, (x) => adaptiveAvg(x, size));
}

export function adaptiveMaxPool2d(input: Tensor, outputSize: AdaptiveSize, options: { returnIndices: true }): [Tensor, Tensor];
export function adaptiveMaxPool2d(input: Tensor, outputSize: AdaptiveSize, options?: { returnIndices?: boolean }): Tensor;
export function adaptiveMaxPool2d(input: Tensor, outputSize: AdaptiveSize, options: { returnIndices?: boolean } = {}): Tensor | [Tensor, Tensor] {
  const size = resolveSize("adaptive_max_pool2d", input, outputSize, 2);
  checkFloat("adaptive_max_pool2d", input);
  const [out, indices] = batched(input, (x) => adaptiveMax(x, size));
  return options.returnIndices ? [out, indices] : out;
}

export function adaptiveAvgPool1d(input: Tensor, outputSize: number): Tensor {
  const size = resolveSize("adaptive_avg_pool1d", input, [1, outputSize], 1);
  checkFloat("adaptive_avg_pool1d", input);
  return batched(input.unsqueeze(-2), (x) => adaptiveAvg(x, size)).squeeze(-2);
}

export function adaptiveMaxPool1d(input: Tensor, outputSize: number, options: { returnIndices: true }): [Tensor, Tensor];
export function adaptiveMaxPool1d(input: Tensor, outputSize: number, options?: { returnIndices?: boolean }): Tensor;
export function adaptiveMaxPool1d(input: Tensor, outputSize: number, options: { returnIndices?: boolean } = {}): Tensor | [Tensor, Tensor] {
  const size = resolveSize("adaptive_max_pool1d", input, [1, outputSize], 1);
  checkFloat("adaptive_max_pool1d", input);
  const [out, indices] = batched(input.unsqueeze(-2), (x) => adaptiveMax(x, size));
  return options.returnIndices ? [out.squeeze(-2), indices.squeeze(-2)] : out.squeeze(-2);
}
