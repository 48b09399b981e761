import { record } from "../autograd/record.js";
import { DTypeError, ShapeError } from "../errors.js";
import { normalizeDim, shapeToString } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { toHost } from "./creation.js";
import { backendOf, castRaw, emptyLike, hostChecksIndices, viewAs } from "./dispatch.js";
import { installMethods } from "./methods.js";

/**
 * indexSelect (whole slices picked by a 1-D index along a dim) and its
 * adjoint indexAdd (slices of a source summed into those positions). Each is
 * the other's gradient. They run on the gather/scatter primitives with the
 * index broadcast over the other dims (stride 0), so no index is materialised
 * at full size.
 */

declare module "../tensor.js" {
  interface Tensor {
    indexSelect(dim: number, index: Tensor): Tensor;
    /** `self` with `alpha * source` slices added at `index` along `dim` (out of place). */
    indexAdd(dim: number, index: Tensor, source: Tensor, options?: { alpha?: number }): Tensor;
  }
}

/** A 1-D int64 index (0-dim counts as one element); int32 is widened for the primitives. */
function vectorIndex(op: string, index: Tensor): Tensor {
  if (index.dtype !== "int64" && index.dtype !== "int32") {
    throw new DTypeError(`${op}(): Expected dtype int32 or int64 for index (got ${index.dtype})`);
  }
  if (index.ndim > 1) throw new ShapeError(`${op}(): Index is supposed to be a vector (got shape ${shapeToString(index.shape)})`);
  const flat = index.ndim === 0 ? index.reshape([1]) : index;
  return flat.dtype === "int64" ? flat : flat.to("int64");
}

function checkRange(op: string, index: Tensor, dim: number, size: number): void {
  if (!hostChecksIndices(index) || index.numel() === 0) return;
  for (const v of index.toArray()) {
    if (v < 0 || v >= size) throw new RangeError(`${op}(): index ${v} is out of bounds for dimension ${dim} with size ${size}`);
  }
}

/** The 1-D index viewed as the full `shape`, varying only along `dim`. */
function spread(index: Tensor, shape: readonly number[], dim: number) {
  return viewAs(index.reshape(shape.map((s, i) => (i === dim ? s : 1))), shape);
}

/** The positions of an index that was already validated (ops that build their own index). */
function gatherSlices(x: Tensor, d: number, index: Tensor): Tensor {
  const shape = [...x.shape];
  shape[d] = index.numel();
  const { backend } = backendOf("indexSelect", [x, index]);
  const out = emptyLike(x, shape);
  backend.primitives.gather(out.kernelView, x.kernelView, d, spread(index, shape, d));
  return record("IndexSelectBackward0", [x], out, ([g]) => [indexAddRaw(zerosOf(x, g!), d, index, g!, 1)]);
}

function zerosOf(x: Tensor, g: Tensor): Tensor {
  const z = emptyLike(g, x.shape, g.dtype);
  z.storage.backend.primitives.fill(z.kernelView, 0);
  return z;
}

function indexAddRaw(x: Tensor, d: number, index: Tensor, source: Tensor, alpha: number): Tensor {
  const src = source.dtype === x.dtype ? source : source.to(x.dtype);
  const scaled = alpha === 1 ? src : src.mul(alpha);
  const out = castRaw(x, x.dtype);
  const { backend } = backendOf("indexAdd", [out, index, scaled]);
  backend.primitives.scatter(out.kernelView, d, spread(index, scaled.shape, d), scaled.kernelView, "add");
  return record("IndexAddBackward0", [x, scaled], out, ([g]) => [g, gatherSlices(g!, d, index)]);
}

export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  const idx = vectorIndex("indexSelect", index);
  if (x.ndim === 0) {
    if (idx.numel() !== 1) throw new ShapeError(`indexSelect(): Index to scalar can have only 1 value, got ${idx.numel()} value(s)`);
    normalizeDim("indexSelect", dim, 0);
    checkRange("indexSelect", idx, 0, 1);
    return gatherSlices(x.reshape([1]), 0, idx).reshape([]);
  }
  const d = normalizeDim("indexSelect", dim, x.ndim);
  checkRange("indexSelect", idx, d, x.shape[d]!);
  return gatherSlices(x, d, idx);
}

export function indexAdd(x: Tensor, dim: number, index: Tensor, source: Tensor, alpha = 1): Tensor {
  const idx = vectorIndex("indexAdd", index);
  const d = normalizeDim("indexAdd", dim, x.ndim);
  const expected = [...x.shape];
  if (x.ndim > 0) expected[d] = idx.numel();
  if (source.shape.join() !== expected.join()) {
    throw new ShapeError(`indexAdd(): source ${shapeToString(source.shape)} must have the shape of self ${shapeToString(x.shape)} with dimension ${d} of size ${idx.numel()} (the index length)`);
  }
  checkRange("indexAdd", idx, d, x.ndim === 0 ? 1 : x.shape[d]!);
  if (x.ndim === 0) return indexAddRaw(x.reshape([1]), 0, idx, source.reshape([1]), alpha).reshape([]);
  return indexAddRaw(x, d, idx, source, alpha);
}

/** Slices at host-known positions along `dim` (flip, pad): builds the index on `x`'s backend. */
export function selectPositions(x: Tensor, dim: number, positions: readonly number[]): Tensor {
  const index = emptyLike(x, [positions.length], "int64");
  if (positions.length) index.storage.backend.allocator.write(index.storage.buffer, "int64", toHost(positions, "int64"), 0, index.storage.deviceIndex);
  return gatherSlices(x, dim, index);
}

installMethods({
  indexSelect(dim: number, index: Tensor) { return indexSelect(this, dim, index); },
  indexAdd(dim: number, index: Tensor, source: Tensor, options?: { alpha?: number }) { return indexAdd(this, dim, index, source, options?.alpha); },
});
