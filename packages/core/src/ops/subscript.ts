import { DeviceError, DTypeError, ShapeError } from "../errors.js";
import { broadcastShapes, contiguousStrides, numel, sameShape, shapeToString, type Shape } from "../shape.js";
import { Tensor } from "../tensor.js";
import { tensor, toHost } from "./creation.js";
import { fromHost } from "./dispatch.js";
import { inplace } from "./inplace.js";
import { checkOptions } from "../options.js";
import { installMethods } from "./methods.js";
import { parseIndex, type IndexItem, type IndexSpec } from "./index-spec.js";
import { sliceBounds } from "./views.js";

/**
 * Python's `x[...]` (`x.index(...)`) and `x[...] = v` (`x.set(...)`,
 * `x.indexPut_(...)`), with PyTorch's rules. Integers, slices, new axes and
 * the ellipsis are views. Index tensors (and masks, as the positions they
 * select) are "advanced": they broadcast together, and their result dims go
 * where the first of them was when they are adjacent, else in front. With
 * any of them the result is a copy, gathered at flat positions of the input
 * computed here; writes scatter at the same positions. Both run on
 * indexSelect/scatter, so gradients come with them.
 */

declare module "../tensor.js" {
  interface Tensor {
    /** `x[i0, i1, ...]`: see `IndexSpec`. A view unless an index is a tensor, a mask, an array or a boolean. */
    index(...indices: IndexSpec[]): Tensor;
    /** `torch.index_put`: a copy of `self` with `values` written (or, with `accumulate`, added) at `self[indices]`. */
    indexPut(indices: IndexSpec | readonly IndexSpec[], values: Tensor | number, accumulate?: boolean | { accumulate?: boolean }): Tensor;
    /** In-place `indexPut`; `values` must have `self`'s dtype, as in PyTorch. */
    indexPut_(indices: IndexSpec | readonly IndexSpec[], values: Tensor | number, accumulate?: boolean | { accumulate?: boolean }): Tensor;
    /** `x[indices] = value`, in place: `value` is converted to `self`'s dtype and broadcast to the indexed shape. */
    set(indices: IndexSpec | readonly IndexSpec[], value: Tensor | number | boolean): Tensor;
  }
}

/** One advanced index: flat offsets (int64, any shape) contributed by the dims it consumes. */
interface Advanced {
  offsets: Tensor;
  /** How many non-advanced result dims precede it: all equal means the advanced indices are adjacent. */
  restBefore: number;
}

/** The dims that are not indexed by tensors, and the advanced indices, over the contiguous layout of the input. */
interface Plan {
  rest: { size: number; stride: number }[];
  advanced: Advanced[];
  offset: number;
}

function consumedDims(item: IndexItem): number {
  if (item.kind === "int" || item.kind === "slice") return 1;
  if (item.kind === "tensor") return item.mask ? item.tensor.ndim : 1;
  return 0;
}

function onDevice(t: Tensor, like: Tensor): Tensor {
  return t.device === like.device ? t : t.to(like.device);
}

/**
 * Integer index values checked against the dim's size (negative ones count
 * from the end), read back wherever reads are synchronous: a component out of
 * range could otherwise land on a valid flat position of another element.
 */
function checkedIndex(op: string, t: Tensor, size: number, dim: number): Tensor {
  if (t.storage.backend.allocator.readSync && t.numel() > 0) {
    for (const v of t.toArray()) {
      if (v < -size || v >= size) throw new RangeError(`${op}: index ${v} is out of bounds for dimension ${dim} with size ${size}`);
    }
  }
  const i = t.dtype === "int64" ? t : t.to("int64");
  return i.lt(0).to("int64").mul(size).add(i);
}

/** Flat offsets of the `true` elements of a mask over the dims it covers (as `nonzero` would list them). */
function maskOffsets(op: string, mask: Tensor, shape: Shape, strides: readonly number[], firstDim: number, like: Tensor): Tensor {
  const covered = shape.slice(firstDim, firstDim + mask.ndim);
  if (!sameShape(mask.shape, covered)) {
    throw new ShapeError(`${op}: the shape of the mask ${shapeToString(mask.shape)} at index ${firstDim} does not match the shape of the indexed tensor ${shapeToString(shape)} at index ${firstDim}`);
  }
  if (!mask.storage.backend.allocator.readSync) {
    throw new DeviceError(`${op}: a mask index needs its values on the host (its result size depends on them), and the ${mask.storage.backend.name} backend reads only asynchronously`);
  }
  const values = mask.toArray();
  const maskStrides = strides.slice(firstDim, firstDim + mask.ndim);
  const picked: number[] = [];
  const coord = new Array<number>(mask.ndim).fill(0);
  for (let i = 0; i < values.length; i++) {
    if (values[i]) picked.push(coord.reduce((o, c, k) => o + c * maskStrides[k]!, 0));
    for (let k = mask.ndim - 1; k >= 0 && ++coord[k]! === covered[k]; k--) coord[k] = 0;
  }
  return fromHost(toHost(picked, "int64"), [picked.length], "int64", like.device);
}

/** Walks the index over `x`'s contiguous layout: views fold into offsets and strides, tensors become advanced offsets. */
function plan(op: string, x: Tensor, items: readonly IndexItem[]): Plan {
  const consuming = items.reduce((n, i) => n + consumedDims(i), 0);
  if (consuming > x.ndim) throw new ShapeError(`${op}: too many indices for tensor of dimension ${x.ndim}`);
  const strides = contiguousStrides(x.shape);
  const out: Plan = { rest: [], advanced: [], offset: 0 };
  const pushAdvanced = (offsets: Tensor) => out.advanced.push({ offsets, restBefore: out.rest.length });
  let d = 0;
  for (const item of items) {
    switch (item.kind) {
      case "ellipsis":
        for (const end = d + x.ndim - consuming; d < end; d++) out.rest.push({ size: x.shape[d]!, stride: strides[d]! });
        break;
      case "newaxis":
        out.rest.push({ size: 1, stride: 0 });
        break;
      case "bool":
        // `x[True]` is a new axis indexed by [0], `x[False]` by []: an advanced index of its own
        pushAdvanced(fromHost(toHost(item.value ? [0] : [], "int64"), [item.value ? 1 : 0], "int64", x.device));
        break;
      case "int": {
        const n = x.shape[d]!;
        if (item.value < -n || item.value >= n) throw new RangeError(`${op}: index ${item.value} is out of bounds for dimension ${d} with size ${n}`);
        out.offset += (item.value < 0 ? item.value + n : item.value) * strides[d]!;
        d++;
        break;
      }
      case "slice": {
        const { start, length } = sliceBounds(x.shape[d]!, item.start, item.end, item.step);
        out.offset += start * strides[d]!;
        out.rest.push({ size: length, stride: strides[d]! * item.step });
        d++;
        break;
      }
      case "tensor": {
        const t = onDevice(item.tensor, x);
        if (item.mask && t.ndim === 0) {
          const keep = t.toArray()[0] !== 0;
          pushAdvanced(fromHost(toHost(keep ? [0] : [], "int64"), [keep ? 1 : 0], "int64", x.device));
        } else if (item.mask) {
          pushAdvanced(maskOffsets(op, t, x.shape, strides, d, x));
          d += t.ndim;
        } else {
          pushAdvanced(checkedIndex(op, t, x.shape[d]!, d).mul(strides[d]!));
          d++;
        }
        break;
      }
    }
  }
  for (; d < x.ndim; d++) out.rest.push({ size: x.shape[d]!, stride: strides[d]! });
  return out;
}

/** The result's shape and the flat position in `x` of each of its elements. */
function positions(op: string, x: Tensor, p: Plan): { shape: number[]; flat: Tensor } {
  const restShape = p.rest.map((r) => r.size);
  const restPos = new Float64Array(numel(restShape));
  const coord = new Array<number>(restShape.length).fill(0);
  for (let i = 0; i < restPos.length; i++) {
    restPos[i] = coord.reduce((o, c, k) => o + c * p.rest[k]!.stride, p.offset);
    for (let k = restShape.length - 1; k >= 0 && ++coord[k]! === restShape[k]; k--) coord[k] = 0;
  }
  const rest = fromHost(toHost(restPos, "int64"), restShape, "int64", x.device);
  if (p.advanced.length === 0) return { shape: restShape, flat: rest.reshape([-1]) };
  const shapes = p.advanced.map((a) => a.offsets.shape);
  let b: number[];
  try {
    b = broadcastShapes(op, ...shapes);
  } catch {
    throw new ShapeError(`${op}: shape mismatch: indexing tensors could not be broadcast together with shapes ${shapes.map(shapeToString).join(", ")}`);
  }
  const adv = p.advanced.map((a) => a.offsets).reduce((s, o) => s.add(o));
  // adjacent advanced indices keep their place; separated ones go first, as in NumPy and PyTorch
  const at = p.advanced.every((a) => a.restBefore === p.advanced[0]!.restBefore) ? p.advanced[0]!.restBefore : 0;
  const ones = (n: number) => new Array<number>(n).fill(1);
  const shape = [...restShape.slice(0, at), ...b, ...restShape.slice(at)];
  const advPlaced = adv.reshape([...ones(at), ...adv.shape, ...ones(restShape.length - at)]);
  const restPlaced = rest.reshape([...restShape.slice(0, at), ...ones(b.length), ...restShape.slice(at)]);
  return { shape, flat: advPlaced.add(restPlaced).expand(shape).reshape([-1]) };
}

function hasAdvanced(items: readonly IndexItem[]): boolean {
  return items.some((i) => i.kind === "tensor" || i.kind === "bool");
}

/** Only views: the result shares `x`'s storage, as PyTorch's basic indexing does. */
function basicIndex(op: string, x: Tensor, items: readonly IndexItem[]): Tensor {
  const consuming = items.reduce((n, i) => n + consumedDims(i), 0);
  if (consuming > x.ndim) throw new ShapeError(`${op}: too many indices for tensor of dimension ${x.ndim}`);
  let out = x;
  let d = 0;
  let source = 0;
  for (const item of items) {
    if (item.kind === "ellipsis") {
      d += x.ndim - consuming;
      source += x.ndim - consuming;
    } else if (item.kind === "newaxis") out = out.unsqueeze(d++);
    else if (item.kind === "int") {
      const n = out.shape[d]!;
      if (item.value < -n || item.value >= n) throw new RangeError(`${op}: index ${item.value} is out of bounds for dimension ${source} with size ${n}`);
      out = out.select(d, item.value);
      source++;
    } else if (item.kind === "slice") {
      out = out.slice(d++, item.start, item.end, item.step);
      source++;
    }
  }
  return out;
}

export function index(x: Tensor, specs: readonly unknown[]): Tensor {
  const items = parseIndex("index", specs);
  if (!hasAdvanced(items)) return basicIndex("index", x, items);
  const { shape, flat } = positions("index", x, plan("index", x, items));
  return x.reshape([-1]).indexSelect(0, flat).reshape(shape);
}

function indexList(indices: IndexSpec | readonly IndexSpec[]): readonly unknown[] {
  // an array is the tuple of indices; a lone index of any other kind is a tuple of one
  return Array.isArray(indices) ? indices : [indices];
}

function accumulateFlag(op: string, a: unknown): boolean {
  if (typeof a === "boolean") return a;
  return checkOptions<{ accumulate?: boolean }>(op, a, { accumulate: "boolean" }).accumulate === true;
}

/** `x` with `values` scattered (or added) at the positions `specs` select; out of place. */
function put(op: string, x: Tensor, specs: readonly unknown[], values: Tensor | number | boolean, accumulate: boolean, strictDType: boolean): Tensor {
  const items = parseIndex(op, specs);
  const { shape, flat } = positions(op, x, plan(op, x, items));
  const flatX = x.reshape([-1]);
  if (!(values instanceof Tensor)) {
    if (typeof values !== "number" && typeof values !== "boolean") throw new TypeError(`${op}: the value must be a Tensor, a number or a boolean (got ${typeof values})`);
    // a Python scalar takes the tensor's dtype (7.5 written into an int tensor is 7)
    values = tensor(Number(values), { dtype: x.dtype, device: x.device });
  } else if (strictDType && values.dtype !== x.dtype) {
    throw new DTypeError(`${op}: Index put requires the source and destination dtypes match, got ${x.dtype} for the destination and ${values.dtype} for the source.`);
  }
  if (!sameShape(broadcastShapesOrNull(values.shape, shape) ?? [], shape)) {
    throw new ShapeError(`${op}: shape mismatch: value tensor of shape ${shapeToString(values.shape)} cannot be broadcast to indexing result of shape ${shapeToString(shape)}`);
  }
  const v = onDevice(values.dtype === x.dtype ? values : values.to(x.dtype), x);
  const src = v.expand(shape).reshape([-1]);
  return (accumulate ? flatX.scatterAdd(0, flat, src) : flatX.scatter(0, flat, src)).reshape(x.shape);
}

function broadcastShapesOrNull(a: Shape, b: Shape): number[] | null {
  try {
    return broadcastShapes("set", a, b);
  } catch {
    return null;
  }
}

installMethods({
  index(...indices: IndexSpec[]) { return index(this, indices); },
  indexPut(indices: IndexSpec | readonly IndexSpec[], values: Tensor | number, accumulate?: boolean | { accumulate?: boolean }) {
    return put("indexPut", this, indexList(indices), values, accumulateFlag("indexPut", accumulate), true);
  },
  indexPut_(indices: IndexSpec | readonly IndexSpec[], values: Tensor | number, accumulate?: boolean | { accumulate?: boolean }) {
    const acc = accumulateFlag("indexPut_", accumulate);
    return inplace("indexPut_", (x) => put("indexPut_", x, indexList(indices), values, acc, true), [values], true).call(this);
  },
  set(indices: IndexSpec | readonly IndexSpec[], value: Tensor | number | boolean) {
    return inplace("set", (x) => put("set", x, indexList(indices), value, false, false), [value], true).call(this);
  },
});
