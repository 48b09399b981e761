import { noGrad } from "../autograd/grad-mode.js";
import { DeviceError, DTypeError, ShapeError } from "../errors.js";
import { broadcastShapes, normalizeDim, shapeToString } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { cat } from "./cat.js";
import { toHost } from "./creation.js";
import { emptyLike } from "./dispatch.js";
import { withTrustedIndices } from "./indexing.js";
import { installMethods } from "./methods.js";
import { cumsum } from "./scan.js";
import type { TensorLike } from "./operands.js";
import { where as whereOf } from "./unary.js";

/**
 * Selection by masks and flat positions: nonzero/argwhere, maskedSelect, maskedScatter, take,
 * takeAlongDim. nonzero and maskedSelect return as many elements as the mask holds, so they read
 * the mask back (as PyTorch synchronises there); the others stay on the device and get their
 * gradients from the gather/scatter they run on.
 */

declare module "../tensor.js" {
  interface Tensor {
    nonzero(options?: { asTuple?: false }): Tensor;
    nonzero(options: { asTuple: true }): Tensor[];
    argwhere(): Tensor;
    maskedSelect(mask: Tensor): Tensor;
    maskedScatter(mask: Tensor, source: Tensor): Tensor;
    take(index: Tensor): Tensor;
    takeAlongDim(indices: Tensor, dim?: number | null): Tensor;
  }
}

function checkMask(op: string, mask: Tensor): void {
  if (mask.dtype !== "bool") throw new DTypeError(`${op}: expected mask to have dtype bool, got ${mask.dtype}; compare first (x.gt(0)) or cast with .to("bool")`);
}

function hostValues(op: string, t: Tensor): number[] {
  if (!t.storage.backend.allocator.readSync) {
    throw new DeviceError(`${op}: the result's size depends on the values, which the ${t.storage.backend.name} backend reads only asynchronously`);
  }
  return t.toArray();
}

/** int64 tensor of `shape` on `like`'s backend from host values. */
function int64Like(like: Tensor, values: readonly number[], shape: readonly number[]): Tensor {
  const t = emptyLike(like, shape, "int64");
  if (values.length) t.storage.backend.allocator.write(t.storage.buffer, "int64", toHost(values, "int64"), 0, t.storage.deviceIndex);
  return t;
}

/** Row-major flat positions of the non-zero elements. */
function nonzeroFlat(op: string, x: Tensor): number[] {
  const values = hostValues(op, x.dtype === "bool" ? x : x.ne(0));
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (values[i]) out.push(i);
  return out;
}

/** The coordinates of the non-zero elements, one row each ([n, ndim], int64), in row-major order. */
export function nonzero(x: Tensor): Tensor {
  const flat = nonzeroFlat("nonzero", x);
  const coords: number[] = [];
  for (let p of flat) {
    const row = new Array<number>(x.ndim);
    for (let d = x.ndim - 1; d >= 0; d--) {
      row[d] = p % x.shape[d]!;
      p = Math.floor(p / x.shape[d]!);
    }
    coords.push(...row);
  }
  return int64Like(x, coords, [flat.length, x.ndim]);
}

/** `nonzero(asTuple)`: one 1-D tensor of positions per dim (a 0-dim input counts as 1-D). */
export function nonzeroTuple(x: Tensor): Tensor[] {
  const rows = nonzero(x.ndim === 0 ? x.reshape([1]) : x);
  return rows.unbind(1).map((t) => t.contiguous());
}

export function maskedSelect(x: Tensor, mask: Tensor): Tensor {
  checkMask("maskedSelect", mask);
  const shape = broadcastShapes("maskedSelect", x.shape, mask.shape);
  const positions = nonzeroFlat("maskedSelect", mask.expand(shape));
  const flat = x.expand(shape).reshape([-1]);
  // positions from the mask itself are in range
  return withTrustedIndices(() => flat.indexSelect(0, int64Like(x, positions, [positions.length])));
}

/**
 * x with its masked positions filled from `source` in row-major order: the k-th true element of the
 * (broadcast) mask takes source's k-th element. The position of each is a cumsum of the mask.
 */
export function maskedScatter(x: Tensor, mask: Tensor, source: Tensor): Tensor {
  checkMask("maskedScatter", mask);
  if (source.dtype !== x.dtype) throw new DTypeError(`maskedScatter: expected source to have dtype ${x.dtype} (self's), got ${source.dtype}`);
  const m = mask.expand(broadcastShapes("maskedScatter", x.shape, mask.shape));
  if (m.ndim !== x.ndim || m.shape.some((s, i) => s !== x.shape[i])) {
    throw new ShapeError(`maskedScatter: mask ${shapeToString(mask.shape)} must broadcast to self ${shapeToString(x.shape)}`);
  }
  const flatMask = m.reshape([-1]);
  if (x.storage.backend.allocator.readSync && flatMask.numel() > 0) {
    const count = noGrad(() => flatMask.sum().item());
    if (count > source.numel()) throw new RangeError(`maskedScatter: Number of elements of source (${source.numel()}) < number of ones in mask (${count})`);
  }
  const k = noGrad(() => cumsum(flatMask, 0).sub(1).where(flatMask, 0));
  // one spare element keeps position 0 valid for an empty source
  const src = cat([source.reshape([-1]), emptyLike(source, [1], source.dtype).fill_(0)]);
  const picked = withTrustedIndices(() => src.gather(0, k)).reshape(x.shape);
  return picked.where(m, x);
}

/** Positions into `size` elements, negative ones counting from the end, checked where reads are synchronous. */
function wrapIndex(op: string, index: Tensor, size: number): Tensor {
  if (index.dtype !== "int64" && index.dtype !== "int32") throw new DTypeError(`${op}: expected an int64 or int32 index, got ${index.dtype}`);
  if (index.storage.backend.allocator.readSync && index.numel() > 0) {
    for (const v of index.toArray()) if (v < -size || v >= size) throw new RangeError(`${op}: index ${v} out of range for tensor of size ${size}`);
  }
  const i = index.dtype === "int64" ? index : index.to("int64");
  return i.add(i.lt(0).to("int64").mul(size));
}

export function take(x: Tensor, index: Tensor): Tensor {
  const flat = x.reshape([-1]);
  const i = wrapIndex("take", index, flat.numel());
  return withTrustedIndices(() => flat.gather(0, i.reshape([-1]))).reshape(index.shape);
}

/** gather along `dim` after broadcasting x and indices over the other dims; without dim, take on the flattened x. */
export function takeAlongDim(x: Tensor, indices: Tensor, dim?: number | null): Tensor {
  if (dim == null) return take(x, indices.reshape([-1]));
  if (indices.dtype !== "int64") throw new DTypeError(`takeAlongDim: dtype of indices should be int64 but got ${indices.dtype}`);
  if (x.ndim !== indices.ndim) throw new ShapeError(`takeAlongDim: input and indices should have the same number of dimensions, but got ${x.ndim} dimensions for input, and ${indices.ndim} dimensions for indices`);
  const d = normalizeDim("takeAlongDim", dim, x.ndim);
  const xs = [...x.shape];
  const is = [...indices.shape];
  xs[d] = is[d] = 1;
  const common = broadcastShapes("takeAlongDim", xs, is);
  const xShape = common.map((s, i) => (i === d ? x.shape[d]! : s));
  const iShape = common.map((s, i) => (i === d ? indices.shape[d]! : s));
  return x.expand(xShape).gather(d, indices.expand(iShape));
}

installMethods({
  nonzero(o?: { asTuple?: boolean }) { return o?.asTuple ? nonzeroTuple(this) : nonzero(this); },
  argwhere() { return nonzero(this); },
  maskedSelect(mask: Tensor) { return maskedSelect(this, mask); },
  maskedScatter(mask: Tensor, source: Tensor) { return maskedScatter(this, mask, source); },
  take(index: Tensor) { return take(this, index); },
  takeAlongDim(indices: Tensor, dim?: number | null) { return takeAlongDim(this, indices, dim); },
});

/** `torch.where(condition, x, y)`, or with the condition alone its non-zero positions, one tensor per dim (`nonzero(asTuple)`). */
export function where(condition: Tensor): Tensor[];
export function where(condition: Tensor, x: TensorLike, y: TensorLike): Tensor;
export function where(condition: Tensor, x?: TensorLike, y?: TensorLike): Tensor | Tensor[] {
  if (x === undefined && y === undefined) return nonzeroTuple(condition);
  if (x === undefined || y === undefined) throw new TypeError("where: expected a condition alone, or a condition with both x and y");
  return whereOf(condition, x, y);
}
