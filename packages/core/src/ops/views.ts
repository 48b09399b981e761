import { record } from "../autograd/record.js";
import { ShapeError } from "../errors.js";
import { checkViewGeometry, contiguousStrides, inferShape, intList, normalizeDim, numel, shapeToString, type Shape } from "../shape.js";
import { Tensor } from "../tensor.js";
import { zerosLike } from "./creation.js";
import { emptyLike, fromHost } from "./dispatch.js";
import { installMethods } from "./methods.js";

/**
 * View ops: new shape/strides/offset over the same storage, no copy. The
 * gradient of a view is the gradient reshaped back; the gradient of a slice is
 * the gradient written into zeros of the base's shape (`viewScatter`).
 */

declare module "../tensor.js" {
  interface Tensor {
    view(...shape: number[] | [Shape]): Tensor;
    reshape(...shape: number[] | [Shape]): Tensor;
    viewAs(other: Tensor): Tensor;
    reshapeAs(other: Tensor): Tensor;
    permute(...dims: number[] | [readonly number[]]): Tensor;
    transpose(dim0: number, dim1: number): Tensor;
    swapaxes(dim0: number, dim1: number): Tensor;
    t(): Tensor;
    /** PyTorch's `.T` (all dims reversed). */
    readonly T: Tensor;
    /** PyTorch's `.mT` (last two dims swapped). */
    readonly mT: Tensor;
    movedim(source: number, destination: number): Tensor;
    expand(...shape: number[] | [Shape]): Tensor;
    expandAs(other: Tensor): Tensor;
    squeeze(dim?: number | readonly number[]): Tensor;
    unsqueeze(dim: number): Tensor;
    flatten(startDim?: number, endDim?: number): Tensor;
    unflatten(dim: number, sizes: readonly number[]): Tensor;
    narrow(dim: number, start: number, length: number): Tensor;
    select(dim: number, index: number): Tensor;
    /** `x[..., start:end:step]` along `dim`; omitted bounds mean the whole range. */
    slice(dim: number, start?: number | null, end?: number | null, step?: number): Tensor;
    asStrided(size: Shape, stride: readonly number[], storageOffset?: number): Tensor;
    unbind(dim?: number): Tensor[];
    contiguous(): Tensor;
  }
}


/** A tensor sharing `base`'s storage. */
function alias(base: Tensor, shape: Shape, strides: readonly number[], offset: number): Tensor {
  return new Tensor(base.storage, shape, strides, offset);
}

/** The gradient of a strided window: zeros of the base's shape with `grad` written into the window. */
export function viewScatter(grad: Tensor, baseShape: Shape, window: (t: Tensor) => Tensor): Tensor {
  const out = emptyLike(grad, baseShape, grad.dtype);
  out.storage.backend.primitives.fill(out.kernelView, 0);
  out.storage.backend.primitives.unary("identity", window(out).kernelView, grad.contiguous().kernelView);
  return record("ViewScatterBackward", [grad], out, ([g]) => [window(g!)]);
}

/** Strides for viewing (shape, strides) as `target` without a copy, or null (PyTorch's computeStride). */
function viewStrides(shape: Shape, strides: readonly number[], target: Shape): number[] | null {
  if (numel(shape) <= 1 || shape.length === 0 || target.length === 0) return contiguousStrides(target);
  const out = new Array<number>(target.length);
  let viewD = target.length - 1;
  let chunkBase = strides[strides.length - 1] ?? 1;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorNumel *= shape[d]!;
    if (d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || target[viewD] === 1)) {
        out[viewD] = viewNumel * chunkBase;
        viewNumel *= target[viewD]!;
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = strides[d - 1]!;
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  if (viewD !== -1) return null;
  return out;
}

function viewImpl(x: Tensor, shape: Shape, op: string): Tensor {
  const target = inferShape(op, shape, x.numel());
  const strides = viewStrides(x.shape, x.strides, target);
  if (!strides) {
    throw new ShapeError(
      `${op}: view size ${shapeToString(target)} is not compatible with input tensor's size ${shapeToString(x.shape)} and stride ` +
        `${shapeToString(x.strides)} (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.`,
    );
  }
  const out = alias(x, target, strides, x.offset);
  return record("ViewBackward0", [x], out, ([g]) => [g!.reshape(x.shape)]);
}

export function contiguous(x: Tensor): Tensor {
  if (x.isContiguous()) return x;
  const out = emptyLike(x, x.shape);
  x.storage.backend.primitives.unary("identity", out.kernelView, x.kernelView);
  return record("CloneBackward0", [x], out, ([g]) => [g]);
}

function reshape(x: Tensor, shape: Shape): Tensor {
  const target = inferShape("reshape", shape, x.numel());
  return viewStrides(x.shape, x.strides, target) ? viewImpl(x, target, "reshape") : viewImpl(contiguous(x), target, "reshape");
}

export function permute(x: Tensor, dims: readonly number[]): Tensor {
  if (dims.length !== x.ndim) {
    throw new ShapeError(`permute: number of dims don't match in permute (input has ${x.ndim} dims, got ${dims.length}: ${shapeToString(dims)})`);
  }
  const d = dims.map((v) => normalizeDim("permute", v, x.ndim));
  if (new Set(d).size !== d.length) throw new ShapeError(`permute: repeated dim in ${shapeToString(dims)}`);
  const out = alias(x, d.map((i) => x.shape[i]!), d.map((i) => x.strides[i]!), x.offset);
  const inverse = new Array<number>(d.length);
  d.forEach((v, i) => (inverse[v] = i));
  return record("PermuteBackward0", [x], out, ([g]) => [g!.permute(inverse)]);
}

function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  if (x.ndim === 0) return x;
  const a = normalizeDim("transpose", dim0, x.ndim);
  const b = normalizeDim("transpose", dim1, x.ndim);
  const dims = Array.from({ length: x.ndim }, (_, i) => i);
  [dims[a], dims[b]] = [dims[b]!, dims[a]!];
  return permute(x, dims);
}

function expand(x: Tensor, sizes: Shape): Tensor {
  if (sizes.length < x.ndim) {
    throw new ShapeError(`expand: the number of sizes provided (${sizes.length}) must be greater or equal to the number of dimensions in the tensor (${x.ndim})`);
  }
  const lead = sizes.length - x.ndim;
  const shape: number[] = [];
  const strides: number[] = [];
  sizes.forEach((s, i) => {
    const own = i - lead;
    const cur = own >= 0 ? x.shape[own]! : 1;
    const target = s === -1 ? cur : s;
    if (own < 0 && s === -1) throw new ShapeError(`expand: -1 is not allowed in a leading, non-existing dimension ${i}`);
    if (cur !== target && cur !== 1) {
      throw new ShapeError(`expand: the expanded size of the tensor (${target}) must match the existing size (${cur}) at non-singleton dimension ${i}. Target sizes: ${shapeToString(sizes)}. Tensor sizes: ${shapeToString(x.shape)}`);
    }
    shape.push(target);
    strides.push(own < 0 || (cur === 1 && target !== 1) ? 0 : x.strides[own]!);
  });
  const out = alias(x, shape, strides, x.offset);
  // the engine sums the gradient back over the broadcast dims
  return record("ExpandBackward0", [x], out, ([g]) => [g]);
}

function squeeze(x: Tensor, dim?: number | readonly number[]): Tensor {
  const dims = dim === undefined ? x.shape.map((_, i) => i) : (typeof dim === "number" ? [dim] : dim).map((d) => normalizeDim("squeeze", d, x.ndim));
  const keep = x.shape.map((s, i) => !(s === 1 && dims.includes(i)));
  const out = alias(x, x.shape.filter((_, i) => keep[i]), x.strides.filter((_, i) => keep[i]), x.offset);
  return record("SqueezeBackward0", [x], out, ([g]) => [g!.reshape(x.shape)]);
}

function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim("unsqueeze", dim, x.ndim + 1);
  const shape = [...x.shape];
  const strides = [...x.strides];
  shape.splice(d, 0, 1);
  strides.splice(d, 0, d < x.ndim ? x.strides[d]! * x.shape[d]! : 1);
  const out = alias(x, shape, strides, x.offset);
  return record("UnsqueezeBackward0", [x], out, ([g]) => [g!.squeeze(d)]);
}

function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normalizeDim("flatten", startDim, x.ndim);
  const e = normalizeDim("flatten", endDim, x.ndim);
  if (s > e) throw new ShapeError(`flatten: start_dim (${startDim}) cannot come after end_dim (${endDim})`);
  const shape = [...x.shape.slice(0, s), numel(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)];
  return reshape(x, shape);
}

function unflatten(x: Tensor, dim: number, sizes: readonly number[]): Tensor {
  const d = normalizeDim("unflatten", dim, x.ndim);
  const inner = inferShape("unflatten", sizes, x.shape[d]!);
  return viewImpl(x, [...x.shape.slice(0, d), ...inner, ...x.shape.slice(d + 1)], "unflatten");
}

/** Python's slice semantics over a dim of size `n`: clamped bounds, negative values counted from the end. */
export function sliceBounds(n: number, start: number | null | undefined, end: number | null | undefined, step: number): { start: number; end: number; length: number } {
  const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + n : v, 0), n);
  const s = start == null ? 0 : clamp(start);
  const e = end == null ? n : Math.max(clamp(end), s);
  return { start: s, end: e, length: Math.ceil((e - s) / step) };
}

function sliceImpl(x: Tensor, dim: number, start: number | null | undefined, end: number | null | undefined, step: number): Tensor {
  const d = normalizeDim("slice", dim, x.ndim);
  if (!Number.isInteger(step) || step <= 0) throw new RangeError(`slice: slice step must be positive (got ${step}); use flip() to reverse`);
  for (const [name, v] of [["start", start], ["end", end]] as const) {
    if (v != null && !Number.isInteger(v)) throw new TypeError(`slice: ${name} must be an integer or null (got ${v})`);
  }
  const { start: s, end: e, length: len } = sliceBounds(x.shape[d]!, start, end, step);
  const shape = [...x.shape];
  const strides = [...x.strides];
  shape[d] = len;
  strides[d] = x.strides[d]! * step;
  const out = alias(x, shape, strides, x.offset + (len > 0 ? s * x.strides[d]! : 0));
  return record("SliceBackward0", [x], out, ([g]) => [viewScatter(g!, x.shape, (t) => t.slice(d, s, e, step))]);
}

function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normalizeDim("narrow", dim, x.ndim);
  const n = x.shape[d]!;
  const s = start < 0 ? start + n : start;
  if (s < 0 || length < 0 || s + length > n) throw new RangeError(`narrow: start (${start}) + length (${length}) exceeds dimension size (${n}).`);
  return sliceImpl(x, d, s, s + length, 1);
}

function select(x: Tensor, dim: number, index: number): Tensor {
  const d = normalizeDim("select", dim, x.ndim);
  const n = x.shape[d]!;
  if (!Number.isInteger(index) || index < -n || index >= n) {
    throw new RangeError(`select: index ${index} out of range for tensor of size ${shapeToString(x.shape)} at dimension ${d}`);
  }
  const i = index < 0 ? index + n : index;
  const out = alias(x, x.shape.filter((_, k) => k !== d), x.strides.filter((_, k) => k !== d), x.offset + i * x.strides[d]!);
  return record("SelectBackward0", [x], out, ([g]) => [viewScatter(g!, x.shape, (t) => t.select(d, i))]);
}

function asStrided(x: Tensor, size: Shape, stride: readonly number[], storageOffset = x.offset): Tensor {
  checkViewGeometry("asStrided", size, stride, storageOffset, x.storage.numel);
  const out = alias(x, [...size], [...stride], storageOffset);
  return record("AsStridedBackward0", [x], out, ([g]) => [asStridedGrad(g!, x, size, stride, storageOffset)]);
}

/**
 * Sums `g` back into the elements of `base` it was read from (overlapping
 * windows add up). Positions are storage offsets relative to a contiguous base.
 */
function asStridedGrad(g: Tensor, base: Tensor, size: Shape, stride: readonly number[], storageOffset: number): Tensor {
  const n = numel(size);
  const positions = new BigInt64Array(n);
  const idx = new Array<number>(size.length).fill(0);
  for (let i = 0; i < n; i++) {
    let o = storageOffset - base.offset;
    idx.forEach((v, k) => (o += v * stride[k]!));
    positions[i] = BigInt(o);
    for (let k = size.length - 1; k >= 0 && ++idx[k]! === size[k]; k--) idx[k] = 0;
  }
  const index = fromHost(positions, [n], "int64", g.device);
  const flat = zerosLike(base).reshape([-1]);
  return flat.scatterAdd(0, index, g.reshape([-1])).reshape(base.shape);
}

function unbind(x: Tensor, dim = 0): Tensor[] {
  const d = normalizeDim("unbind", dim, x.ndim);
  return Array.from({ length: x.shape[d]! }, (_, i) => select(x, d, i));
}

function movedim(x: Tensor, source: number, destination: number): Tensor {
  const s = normalizeDim("movedim", source, x.ndim);
  const t = normalizeDim("movedim", destination, x.ndim);
  const order = Array.from({ length: x.ndim }, (_, i) => i).filter((i) => i !== s);
  order.splice(t, 0, s);
  return permute(x, order);
}

installMethods({
  view(...shape: number[] | [Shape]) { return viewImpl(this, intList("view", "size", shape), "view"); },
  reshape(...shape: number[] | [Shape]) { return reshape(this, intList("reshape", "shape", shape)); },
  viewAs(other: Tensor) { return viewImpl(this, other.shape, "viewAs"); },
  reshapeAs(other: Tensor) { return reshape(this, other.shape); },
  permute(...dims: number[] | [readonly number[]]) { return permute(this, intList("permute", "dims", dims)); },
  transpose(dim0: number, dim1: number) { return transpose(this, dim0, dim1); },
  swapaxes(dim0: number, dim1: number) { return transpose(this, dim0, dim1); },
  t() {
    if (this.ndim > 2) throw new ShapeError(`t() expects a tensor with <= 2 dimensions, but self is ${this.ndim}D`);
    return this.ndim < 2 ? this : transpose(this, 0, 1);
  },
  movedim(source: number, destination: number) { return movedim(this, source, destination); },
  expand(...shape: number[] | [Shape]) { return expand(this, intList("expand", "size", shape)); },
  expandAs(other: Tensor) { return expand(this, other.shape); },
  squeeze(dim?: number | readonly number[]) { return squeeze(this, dim); },
  unsqueeze(dim: number) { return unsqueeze(this, dim); },
  flatten(startDim?: number, endDim?: number) { return flatten(this, startDim, endDim); },
  unflatten(dim: number, sizes: readonly number[]) { return unflatten(this, dim, sizes); },
  narrow(dim: number, start: number, length: number) { return narrow(this, dim, start, length); },
  select(dim: number, i: number) { return select(this, dim, i); },
  slice(dim: number, start?: number | null, end?: number | null, step = 1) { return sliceImpl(this, dim, start, end, step); },
  asStrided(size: Shape, stride: readonly number[], storageOffset?: number) { return asStrided(this, size, stride, storageOffset); },
  unbind(dim?: number) { return unbind(this, dim); },
  contiguous() { return contiguous(this); },
});
Object.defineProperty(Tensor.prototype, "T", { get(this: Tensor) { return permute(this, this.shape.map((_, i) => this.ndim - 1 - i)); } });
Object.defineProperty(Tensor.prototype, "mT", { get(this: Tensor) { return transpose(this, -2, -1); } });
