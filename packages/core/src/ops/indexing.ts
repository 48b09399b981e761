import { record } from "../autograd/record.js";
import { DTypeError, ShapeError } from "../errors.js";
import { broadcastShapes, normalizeDim, shapeToString } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { scalarLike, zerosLike } from "./creation.js";
import { emptyLike, hostChecksIndices } from "./dispatch.js";
import { installMethods } from "./methods.js";

/** gather / scatter and the ops built on them. Gradients of each are the other. */

declare module "../tensor.js" {
  interface Tensor {
    gather(dim: number, index: Tensor): Tensor;
    scatter(dim: number, index: Tensor, src: Tensor | number): Tensor;
    scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor;
    /** `value` is a number or a 0-dim tensor (which then gets a gradient); the mask broadcasts to this tensor's shape. */
    maskedFill(mask: Tensor, value: number | Tensor): Tensor;
  }
}

function checkIndex(op: string, x: Tensor, dim: number, index: Tensor, src?: Tensor): number {
  const d = normalizeDim(op, dim, x.ndim);
  if (index.dtype !== "int64" && index.dtype !== "int32") throw new DTypeError(`${op}(): Expected dtype int64 for index (got ${index.dtype})`);
  if (index.ndim !== Math.max(x.ndim, 1) && !(x.ndim === 0 && index.ndim <= 1)) {
    throw new ShapeError(`${op}(): Index tensor must have the same number of dimensions as ${src ? "self" : "input"} tensor (index ${shapeToString(index.shape)}, ${src ? "self" : "input"} ${shapeToString(x.shape)})`);
  }
  index.shape.forEach((s, i) => {
    if (i !== d && s > (x.shape[i] ?? 1)) throw new ShapeError(`${op}(): Size does not match at dimension ${i} expected index ${shapeToString(index.shape)} to be smaller than self ${shapeToString(x.shape)} apart from dimension ${d}`);
    if (src && s > (src.shape[i] ?? 1)) throw new ShapeError(`${op}(): Expected index ${shapeToString(index.shape)} to be smaller than src ${shapeToString(src.shape)}`);
  });
  return d;
}

/** Depth of `withTrustedIndices` calls. */
let trusted = 0;

/**
 * Runs `fn` with gather and scatter skipping the read-back that checks index
 * values: for indices core made itself (argmax results, window tables) or has
 * checked already (a loss's targets, an op's own forward index reused by its
 * backward, whose node saves it so an in-place change is an error).
 */
export function withTrustedIndices<T>(fn: () => T): T {
  trusted++;
  try {
    return fn();
  } finally {
    trusted--;
  }
}

function checkBounds(op: string, x: Tensor, d: number, index: Tensor): void {
  if (trusted > 0 || !hostChecksIndices(index) || index.numel() === 0) return;
  const n = x.shape[d] ?? 1;
  const values = index.toArray();
  for (const v of values) if (v < 0 || v >= n) throw new RangeError(`${op}(): index ${v} is out of bounds for dimension ${d} with size ${n}`);
}

function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = checkIndex("gather", x, dim, index);
  checkBounds("gather", x, d, index);
  const out = emptyLike(x, index.shape, x.dtype);
  x.storage.backend.primitives.gather(out.kernelView, x.kernelView, d, index.kernelView);
  // the backward reuses the checked index; saving it makes an in-place change to it an error, as in PyTorch
  return record("GatherBackward0", [x], out, ([g]) => [withTrustedIndices(() => zerosLike(x, { dtype: g!.dtype }).scatterAdd(d, index, g!))], [index]);
}

function scatter(x: Tensor, dim: number, index: Tensor, src: Tensor | number, mode: "assign" | "add"): Tensor {
  const source = typeof src === "number" ? zerosLike(index, { dtype: x.dtype }).fill_(src) : src;
  const d = checkIndex(mode === "add" ? "scatter_add" : "scatter", x, dim, index, source);
  checkBounds("scatter", x, d, index);
  const s = source.dtype === x.dtype ? source : source.to(x.dtype);
  const out = x.contiguous().clone().detach();
  x.storage.backend.primitives.scatter(out.kernelView, d, index.kernelView, s.kernelView, mode);
  const name = mode === "add" ? "ScatterAddBackward0" : "ScatterBackward0";
  // the backward reuses the checked index; saving it makes an in-place change to it an error, as in PyTorch
  const backward = ([g]: (Tensor | null)[]) => withTrustedIndices(() => [mode === "add" ? g : g!.scatter(d, index, 0), s.requiresGrad ? g!.gather(d, index) : null]);
  return record(name, [x, typeof src === "number" ? null : s], out, backward, [index]);
}

function maskedFill(x: Tensor, mask: Tensor, value: number | Tensor): Tensor {
  if (mask.dtype !== "bool") throw new DTypeError(`maskedFill: only boolean masks are supported, but got mask with dtype ${mask.dtype}`);
  if (broadcastShapes("maskedFill", x.shape, mask.shape).join() !== x.shape.join()) {
    throw new ShapeError(`maskedFill: the mask ${shapeToString(mask.shape)} must broadcast to the shape of self ${shapeToString(x.shape)}`);
  }
  if (typeof value !== "number") {
    if (value.ndim !== 0) throw new ShapeError(`maskedFill: only supports a 0-dimensional value tensor, but got tensor with ${value.ndim} dimension(s)`);
    // the value takes x's dtype, as in PyTorch, instead of promoting x
    return x.where(mask.logicalNot(), value.dtype === x.dtype ? value : value.to(x.dtype));
  }
  // the value takes x's dtype (an int tensor filled with 7.5 gets 7), as in PyTorch, instead of promoting x
  return x.where(mask.logicalNot(), scalarLike(x, value, x.dtype));
}

installMethods({
  gather(dim: number, index: Tensor) { return gather(this, dim, index); },
  scatter(dim: number, index: Tensor, src: Tensor | number) { return scatter(this, dim, index, src, "assign"); },
  scatterAdd(dim: number, index: Tensor, src: Tensor) { return scatter(this, dim, index, src, "add"); },
  maskedFill(mask: Tensor, value: number | Tensor) { return maskedFill(this, mask, value); },
});
