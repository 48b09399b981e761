import { DTypeError, ShapeError } from "../errors.js";
import { shapeToString } from "../shape.js";
import { Tensor } from "../tensor.js";
import { scalarLike } from "./creation.js";
import { installMethods } from "./methods.js";

/**
 * searchsorted and bucketize: for each value, the number of elements of a sorted sequence that
 * lie before it. Written as a comparison of every value with every boundary and a count, so it
 * runs on any backend with no read-back; the predicates are those of a binary search
 * (`!(b >= v)` for the left side, `!(b > v)` for the right), so NaN values land past the end.
 */

export interface SearchsortedOptions {
  /** Find the last suitable position instead of the first (`side: "right"`). */
  right?: boolean;
  side?: "left" | "right";
  /** int32 positions instead of int64. */
  outInt32?: boolean;
  /** Positions that sort an unsorted sequence (as from argsort) along its last dim. */
  sorter?: Tensor;
}

declare module "../tensor.js" {
  interface Tensor {
    /** `torch.bucketize(this, boundaries)`: the bucket of each element. */
    bucketize(boundaries: Tensor, options?: { right?: boolean; outInt32?: boolean }): Tensor;
  }
}

function sideOf(o: SearchsortedOptions): boolean {
  if (o.side !== undefined && o.side !== "left" && o.side !== "right") throw new TypeError(`searchsorted(): side can only be "left" or "right" but got ${String(o.side)}`);
  if (o.side === "left" && o.right) throw new TypeError(`searchsorted(): side and right can't be set to opposites, got side of left while right was true`);
  return o.side === "right" || !!o.right;
}

export function searchsorted(sortedSequence: Tensor, values: Tensor | number, o: SearchsortedOptions = {}): Tensor {
  const right = sideOf(o);
  const seq0 = sortedSequence;
  if (seq0.ndim === 0) throw new ShapeError("searchsorted(): boundaries tensor should have 1 dimension or more (got a 0-dim tensor)");
  const v = values instanceof Tensor ? values : scalarLike(seq0, values, typeof values === "number" && !Number.isInteger(values) ? "float64" : seq0.dtype);
  if (seq0.dtype === "bool" || v.dtype === "bool") throw new DTypeError("searchsorted(): bool tensors are not supported");
  if (seq0.ndim > 1) {
    const lead = seq0.shape.slice(0, -1);
    if (v.ndim !== seq0.ndim || v.shape.slice(0, -1).join() !== lead.join()) {
      throw new ShapeError(
        `searchsorted(): boundaries tensor should be 1 dimension or the first N-1 dimensions of boundaries tensor and input value tensor must match, ` +
          `but we got boundaries tensor ${shapeToString(seq0.shape)} and input value tensor ${shapeToString(v.shape)}`,
      );
    }
  }
  let seq = seq0;
  if (o.sorter) {
    if (o.sorter.shape.join() !== seq0.shape.join()) throw new ShapeError(`searchsorted(): boundary and sorter must have the same size, but got boundary ${shapeToString(seq0.shape)} and sorter ${shapeToString(o.sorter.shape)}`);
    seq = seq0.gather(-1, o.sorter);
  }
  // [..., k, 1] against [..., 1, m] (or [m]); count the boundaries before each value
  const vs = v.unsqueeze(-1);
  const bs = seq.ndim > 1 ? seq.unsqueeze(-2) : seq;
  const before = (right ? bs.gt(vs) : bs.ge(vs)).logicalNot();
  return before.sum(-1, { dtype: o.outInt32 ? "int32" : "int64" });
}

export function bucketize(input: Tensor | number, boundaries: Tensor, o: { right?: boolean; outInt32?: boolean } = {}): Tensor {
  if (boundaries.ndim !== 1) throw new ShapeError(`bucketize(): boundaries tensor must be 1 dimension, but got dim(${boundaries.ndim})`);
  return searchsorted(boundaries, input, { right: !!o.right, outInt32: o.outInt32 });
}

installMethods({
  bucketize(boundaries: Tensor, o?: { right?: boolean; outInt32?: boolean }) { return bucketize(this, boundaries, o); },
});
