import { record } from "../autograd/record.js";
import { DTypeError, ShapeError } from "../errors.js";
import { broadcastShapes, shapeToString } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { emptyLike, viewAs, backendOf } from "./dispatch.js";
import { installMethods } from "./methods.js";

/** matmul with PyTorch's 1-D and batching rules; mm, bmm, dot, mv, outer on top. */

declare module "../tensor.js" {
  interface Tensor {
    matmul(other: Tensor): Tensor;
    mm(other: Tensor): Tensor;
    bmm(other: Tensor): Tensor;
    dot(other: Tensor): Tensor;
    mv(vec: Tensor): Tensor;
    outer(other: Tensor): Tensor;
  }
}

/** a: [...ba, M, K] @ b: [...bb, K, N] with broadcast batch dims; records its gradient. */
function batchedMatmul(a: Tensor, b: Tensor): Tensor {
  const M = a.shape[a.ndim - 2]!;
  const K = a.shape[a.ndim - 1]!;
  const N = b.shape[b.ndim - 1]!;
  const batch = broadcastShapes("matmul", a.shape.slice(0, -2), b.shape.slice(0, -2));
  const { backend } = backendOf("matmul", [a, b]);
  const out = emptyLike(a, [...batch, M, N]);
  backend.primitives.matmul(out.kernelView, viewAs(a, [...batch, M, K]), viewAs(b, [...batch, K, N]));
  // gradients have the broadcast batch shape; the engine sums them back to each input's shape
  return record("MmBackward0", [a, b], out, ([g]) => [g!.matmul(b.mT), a.mT.matmul(g!)], [a, b]);
}

export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.ndim === 0 || b.ndim === 0) {
    throw new ShapeError(`matmul: both arguments to matmul need to be at least 1D, but they are ${a.ndim}D and ${b.ndim}D`);
  }
  if (a.dtype !== b.dtype) throw new DTypeError(`matmul: expected m1 and m2 to have the same dtype, but got: ${a.dtype} != ${b.dtype}`);
  const A = a.ndim === 1 ? a.unsqueeze(0) : a;
  const B = b.ndim === 1 ? b.unsqueeze(-1) : b;
  const ka = A.shape[A.ndim - 1]!;
  const kb = B.shape[B.ndim - 2]!;
  if (ka !== kb) {
    const desc = (t: Tensor) => (t.ndim === 1 ? `[${t.shape[0]}]` : `(${t.shape.slice(-2).join("x")})`);
    throw new ShapeError(`matmul: mat1 and mat2 shapes cannot be multiplied (${desc(a)} and ${desc(b)}; full shapes ${shapeToString(a.shape)} and ${shapeToString(b.shape)})`);
  }
  let out = batchedMatmul(A, B);
  if (a.ndim === 1) out = out.squeeze(-2);
  if (b.ndim === 1) out = out.squeeze(-1);
  return out;
}

function requireDims(op: string, t: Tensor, n: number, name: string): void {
  if (t.ndim !== n) throw new ShapeError(`${op}: ${name} must be a ${n}D tensor (got shape ${shapeToString(t.shape)})`);
}

installMethods({
  matmul(other: Tensor) { return matmul(this, other); },
  mm(other: Tensor) {
    requireDims("mm", this, 2, "self");
    requireDims("mm", other, 2, "mat2");
    return matmul(this, other);
  },
  bmm(other: Tensor) {
    requireDims("bmm", this, 3, "batch1");
    requireDims("bmm", other, 3, "batch2");
    if (this.shape[0] !== other.shape[0]) throw new ShapeError(`bmm: batch1 and batch2 must have same number of batches, got ${this.shape[0]} and ${other.shape[0]}`);
    return matmul(this, other);
  },
  dot(other: Tensor) {
    requireDims("dot", this, 1, "self");
    requireDims("dot", other, 1, "tensor");
    return matmul(this, other);
  },
  mv(vec: Tensor) {
    requireDims("mv", this, 2, "self");
    requireDims("mv", vec, 1, "vec");
    return matmul(this, vec);
  },
  outer(other: Tensor) {
    requireDims("outer", this, 1, "self");
    requireDims("outer", other, 1, "vec2");
    return this.unsqueeze(1).mul(other.unsqueeze(0));
  },
});
