import { record } from "../autograd/record.js";
import { promoteTypes } from "../dtype.js";
import { ShapeError } from "../errors.js";
import { normalizeDim, shapeToString } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { backendOf, emptyLike } from "./dispatch.js";

/**
 * Joining tensors: cat copies each input into its slice of a fresh output
 * (converting to the promoted dtype on the way); the gradient of each input is
 * its slice of the output gradient. stack, hstack and vstack reshape and cat.
 */

/** PyTorch still skips 1-D empty tensors in cat, whatever the other shapes (legacy behaviour kept for compatibility). */
function isLegacyEmpty(t: Tensor): boolean {
  return t.ndim === 1 && t.shape[0] === 0;
}

function checkJoinable(tensors: readonly Tensor[], ref: Tensor, d: number): void {
  tensors.forEach((t, i) => {
    if (isLegacyEmpty(t)) return;
    if (t.ndim !== ref.ndim) throw new ShapeError(`cat: Tensors must have same number of dimensions: got ${ref.ndim} and ${t.ndim}`);
    t.shape.forEach((s, k) => {
      if (k !== d && s !== ref.shape[k]) {
        throw new ShapeError(`cat: Sizes of tensors must match except in dimension ${d}. Expected size ${ref.shape[k]} but got size ${s} for tensor number ${i} in the list.`);
      }
    });
  });
}

/** `torch.cat(tensors, dim)`: concatenation along an existing dim, with type promotion across the inputs. */
export function cat(list: readonly Tensor[], dim = 0): Tensor {
  // a copy: the backward must see the inputs as they were, even if the caller's array later grows
  const tensors = [...list];
  if (tensors.length === 0) throw new ShapeError("cat: expected a non-empty list of Tensors");
  backendOf("cat", tensors);
  tensors.forEach((t, i) => {
    if (t.ndim === 0) throw new ShapeError(`cat: zero-dimensional tensor (at position ${i}) cannot be concatenated`);
  });
  const dtype = tensors.map((t) => t.dtype).reduce(promoteTypes);
  const ref = tensors.find((t) => !isLegacyEmpty(t));
  if (!ref) return record("CatBackward0", tensors, emptyLike(tensors[0]!, [0], dtype), () => tensors.map(() => null));
  const d = normalizeDim("cat", dim, ref.ndim);
  checkJoinable(tensors, ref, d);
  const starts: (number | null)[] = [];
  let size = 0;
  for (const t of tensors) {
    starts.push(isLegacyEmpty(t) ? null : size);
    if (!isLegacyEmpty(t)) size += t.shape[d]!;
  }
  const shape = [...ref.shape];
  shape[d] = size;
  const out = emptyLike(ref, shape, dtype);
  const kernels = out.storage.backend.primitives;
  tensors.forEach((t, i) => {
    if (starts[i] !== null && t.numel() > 0) kernels.unary("identity", out.narrow(d, starts[i]!, t.shape[d]!).kernelView, t.kernelView);
  });
  return record("CatBackward0", tensors, out, ([g]) => tensors.map((t, i) => (starts[i] === null ? null : g!.narrow(d, starts[i]!, t.shape[d]!))));
}

/** `torch.stack(tensors, dim)`: joins equal-shaped tensors along a new dim. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ShapeError("stack: expects a non-empty TensorList");
  const first = tensors[0]!;
  tensors.forEach((t, i) => {
    if (t.shape.join() !== first.shape.join()) {
      throw new ShapeError(`stack: expects each tensor to be equal size, but got ${shapeToString(first.shape)} at entry 0 and ${shapeToString(t.shape)} at entry ${i}`);
    }
  });
  const d = normalizeDim("stack", dim, first.ndim + 1);
  return cat(tensors.map((t) => t.unsqueeze(d)), d);
}

function atLeast1d(t: Tensor): Tensor {
  return t.ndim === 0 ? t.reshape([1]) : t;
}

function atLeast2d(t: Tensor): Tensor {
  return t.ndim === 0 ? t.reshape([1, 1]) : t.ndim === 1 ? t.unsqueeze(0) : t;
}

/** `torch.hstack`: along dim 0 for 1-D inputs, else along dim 1. */
export function hstack(tensors: readonly Tensor[]): Tensor {
  const rows = tensors.map(atLeast1d);
  return cat(rows, rows[0]?.ndim === 1 ? 0 : 1);
}

/** `torch.vstack`: rows of 1-D inputs, else along dim 0. */
export function vstack(tensors: readonly Tensor[]): Tensor {
  return cat(tensors.map(atLeast2d), 0);
}
