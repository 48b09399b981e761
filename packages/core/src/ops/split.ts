import { ShapeError } from "../errors.js";
import { normalizeDim, shapeToString } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { installMethods } from "./methods.js";

/**
 * Splitting a tensor into views along a dim: split (by size or by a list of
 * sizes) and chunk (into a number of pieces). Every piece is a narrow view, so
 * gradients flow back through the views' own backward.
 */

declare module "../tensor.js" {
  interface Tensor {
    /** Pieces of `splitSizeOrSections` along `dim` (the last may be smaller), or pieces of the listed sizes. */
    split(splitSizeOrSections: number | readonly number[], dim?: number): Tensor[];
    /** At most `chunks` pieces of equal size (the last may be smaller) along `dim`. */
    chunk(chunks: number, dim?: number): Tensor[];
  }
}

function requireDims(op: string, x: Tensor): void {
  if (x.ndim === 0) throw new ShapeError(`${op}: expects at least a 1-dimensional tensor`);
}

function narrowPieces(x: Tensor, d: number, sizes: readonly number[]): Tensor[] {
  let start = 0;
  return sizes.map((s) => {
    const piece = x.narrow(d, start, s);
    start += s;
    return piece;
  });
}

function splitWithSizes(x: Tensor, sizes: readonly number[], dim: number): Tensor[] {
  requireDims("split", x);
  const d = normalizeDim("split", dim, x.ndim);
  const n = x.shape[d]!;
  if (sizes.some((s) => !Number.isInteger(s) || s < 0)) {
    throw new RangeError(`split: split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=${shapeToString(sizes)}`);
  }
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total !== n) {
    throw new ShapeError(`split: split_with_sizes expects split_sizes to sum exactly to ${n} (input tensor's size at dimension ${d}), but got split_sizes=${shapeToString(sizes)}`);
  }
  return narrowPieces(x, d, sizes);
}

function splitBySize(x: Tensor, size: number, dim: number): Tensor[] {
  requireDims("split", x);
  const d = normalizeDim("split", dim, x.ndim);
  const n = x.shape[d]!;
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`split: expects split_size be non-negative, but got split_size=${size}`);
  if (size === 0 && n !== 0) throw new RangeError(`split: split_size can only be 0 if dimension size is 0, but got dimension size of ${n}`);
  // an empty dim still gives one (empty) piece
  const count = Math.max(size === 0 ? 1 : Math.ceil(n / size), 1);
  return narrowPieces(x, d, Array.from({ length: count }, (_, i) => Math.min(size, n - i * size)));
}

export function split(x: Tensor, splitSizeOrSections: number | readonly number[], dim = 0): Tensor[] {
  return typeof splitSizeOrSections === "number" ? splitBySize(x, splitSizeOrSections, dim) : splitWithSizes(x, splitSizeOrSections, dim);
}

export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  requireDims("chunk", x);
  if (!Number.isInteger(chunks) || chunks <= 0) throw new RangeError(`chunk: expects \`chunks\` to be greater than 0, got: ${chunks}`);
  const d = normalizeDim("chunk", dim, x.ndim);
  const n = x.shape[d]!;
  // an empty dim gives `chunks` empty pieces rather than one
  if (n === 0) return narrowPieces(x, d, new Array<number>(chunks).fill(0));
  return splitBySize(x, Math.ceil(n / chunks), d);
}

installMethods({
  split(splitSizeOrSections: number | readonly number[], dim?: number) { return split(this, splitSizeOrSections, dim); },
  chunk(chunks: number, dim?: number) { return chunk(this, chunks, dim); },
});
