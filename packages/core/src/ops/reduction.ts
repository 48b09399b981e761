import type { ReduceOp } from "../backend/backend.js";
import { noGrad } from "../autograd/grad-mode.js";
import { record } from "../autograd/record.js";
import { isFloatingPoint, type DType } from "../dtype.js";
import { DTypeError, ShapeError } from "../errors.js";
import { contiguousStrides, normalizeDim, normalizeDims, shapeToString } from "../shape.js";
import { Tensor } from "../tensor.js";
import { emptyLike } from "./dispatch.js";
import { installMethods } from "./methods.js";
import { withTrustedIndices } from "./indexing.js";
import { describeValue, isPlainObject } from "../options.js";

/** Reductions over dims with keepdim, and their gradients. */

export interface ReduceOptions {
  keepdim?: boolean;
  dtype?: DType;
}
export interface VarOptions extends ReduceOptions {
  /** Bessel's correction: 1 (default) for the sample variance, 0 for the population variance. */
  correction?: number;
}
/** PyTorch's (values, indices) named tuple: read the fields, or destructure `const [v, i] = x.max(1)`. */
export interface ValuesIndices extends Iterable<Tensor> {
  values: Tensor;
  indices: Tensor;
}
export type Dims = number | readonly number[];

declare module "../tensor.js" {
  interface Tensor {
    sum(dim?: Dims | null, options?: ReduceOptions): Tensor;
    mean(dim?: Dims | null, options?: ReduceOptions): Tensor;
    prod(dim?: number | null, options?: ReduceOptions): Tensor;
    var(dim?: Dims | null, options?: VarOptions): Tensor;
    std(dim?: Dims | null, options?: VarOptions): Tensor;
    amax(dim?: Dims | null, options?: ReduceOptions): Tensor;
    amin(dim?: Dims | null, options?: ReduceOptions): Tensor;
    max(): Tensor;
    max(dim: number, options?: ReduceOptions): ValuesIndices;
    min(): Tensor;
    min(dim: number, options?: ReduceOptions): ValuesIndices;
    argmax(dim?: number | null, options?: ReduceOptions): Tensor;
    argmin(dim?: number | null, options?: ReduceOptions): Tensor;
    logsumexp(dim: Dims, options?: ReduceOptions): Tensor;
    all(dim?: number | null, options?: ReduceOptions): Tensor;
    any(dim?: number | null, options?: ReduceOptions): Tensor;
    norm(p?: number | "fro", dim?: Dims | null, options?: ReduceOptions): Tensor;
    /** Sums a broadcast gradient back to `shape`. */
    sumToSize(shape: readonly number[]): Tensor;
  }
}

function keptShape(shape: readonly number[], dims: readonly number[]): number[] {
  return shape.map((d, i) => (dims.includes(i) ? 1 : d));
}

/**
 * Runs a reduce primitive over `dims`. The kernel writes the kept-dims shape
 * (size 1 on reduced axes); without `keepdim` the result is allocated in the
 * reduced shape and the kernel writes the same contiguous memory through a
 * kept-dims view, which saves a reshape.
 */
function reduceRaw(op: ReduceOp, x: Tensor, dims: readonly number[], dtype: DType, keepdim = true): Tensor {
  const input = x.dtype === dtype ? x : x.to({ dtype });
  const kept = keptShape(x.shape, dims);
  const out = emptyLike(input, keepdim ? kept : x.shape.filter((_, i) => !dims.includes(i)), dtype);
  const v = out.kernelView;
  const target = keepdim ? v : { buffer: v.buffer, dtype, shape: kept, strides: contiguousStrides(kept), offset: 0 };
  input.storage.backend.primitives.reduce(op, target, input.kernelView, dims);
  return out;
}

function dropDims(t: Tensor, dims: readonly number[], keepdim: boolean): Tensor {
  return keepdim ? t : t.reshape(t.shape.filter((_, i) => !dims.includes(i)));
}

/** Gradient of a reduction: bring g (reduced shape) back to the input's shape. */
function expandBack(g: Tensor, x: Tensor, dims: readonly number[]): Tensor {
  return g.reshape(keptShape(x.shape, dims)).expand(x.shape);
}

function dimsOf(op: string, x: Tensor, dim: Dims | null | undefined): number[] {
  return normalizeDims(op, dim ?? undefined, x.ndim);
}

function sum(x: Tensor, dim?: Dims | null, o: ReduceOptions = {}): Tensor {
  const dims = dimsOf("sum", x, dim);
  const dtype = o.dtype ?? (isFloatingPoint(x.dtype) ? x.dtype : "int64");
  const out = reduceRaw("sum", x, dims, dtype, !!o.keepdim);
  return record("SumBackward1", [x], out, ([g]) => [expandBack(g!, x, dims)]);
}

function countOf(x: Tensor, dims: readonly number[]): number {
  return dims.reduce((n, d) => n * x.shape[d]!, 1);
}

function mean(x: Tensor, dim?: Dims | null, o: ReduceOptions = {}): Tensor {
  const dtype = o.dtype ?? x.dtype;
  if (!isFloatingPoint(dtype)) {
    throw new DTypeError(`mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${x.dtype}`);
  }
  const dims = dimsOf("mean", x, dim);
  return sum(x, dims, { ...o, dtype }).div(countOf(x, dims));
}

function variance(x: Tensor, dim: Dims | null | undefined, o: VarOptions = {}): Tensor {
  if (!isFloatingPoint(x.dtype)) throw new DTypeError(`var: expected a floating point input, got ${x.dtype}`);
  const dims = dimsOf("var", x, dim);
  const n = countOf(x, dims);
  const centered = x.sub(mean(x, dims, { keepdim: true }));
  return sum(centered.mul(centered), dims, { keepdim: o.keepdim }).div(Math.max(n - (o.correction ?? 1), 0));
}

/** max/min over all elements; ties share the gradient evenly, as in PyTorch. */
function extremeAll(op: "max" | "min", x: Tensor, dim: Dims | null | undefined, o: ReduceOptions = {}): Tensor {
  const dims = dimsOf(op === "max" ? "amax" : "amin", x, dim);
  for (const d of dims) {
    if (x.shape[d] === 0) throw new ShapeError(`${op === "max" ? "amax" : "amin"}(): Expected reduction dim ${d} to have non-zero size (input shape ${shapeToString(x.shape)}).`);
  }
  const kept = reduceRaw(op, x, dims, x.dtype);
  const out = dropDims(kept, dims, !!o.keepdim);
  return record(op === "max" ? "AmaxBackward0" : "AminBackward0", [x], out, ([g]) => {
    const mask = x.eq(kept).to(g!.dtype);
    return [mask.mul(expandBack(g!, x, dims)).div(mask.sum(dims, { keepdim: true }))];
  });
}

function argExtreme(op: "argmax" | "argmin", x: Tensor, dim: number | null | undefined, o: ReduceOptions = {}): Tensor {
  const flat = dim == null;
  const input = flat ? x.reshape([-1]) : x;
  const d = flat ? 0 : normalizeDim(op, dim, x.ndim);
  if (input.ndim > 0 && input.shape[d] === 0) throw new ShapeError(`${op}(): Expected reduction dim ${d} to have non-zero size.`);
  if (input.ndim === 0) return emptyLike(x, [], "int64").fill_(0);
  const out = emptyLike(input, keptShape(input.shape, [d]), "int64");
  input.storage.backend.primitives.argReduce(op, out.kernelView, input.kernelView, d);
  if (flat) return o.keepdim ? out.reshape(x.shape.map(() => 1)) : out.reshape([]);
  return dropDims(out, [d], !!o.keepdim);
}

/** max(dim) -> (values, indices); the gradient goes to the selected index. */
function extremeDim(op: "max" | "min", x: Tensor, dim: number, o: ReduceOptions = {}): ValuesIndices {
  const d = normalizeDim(op, dim, x.ndim);
  const indices = argExtreme(op === "max" ? "argmax" : "argmin", x, d, { keepdim: true });
  // argmax/argmin indices are in range by construction
  const values = withTrustedIndices(() => x.gather(d, indices));
  const pair = [dropDims(values, [d], !!o.keepdim), dropDims(indices, [d], !!o.keepdim)] as const;
  return { values: pair[0], indices: pair[1], [Symbol.iterator]: () => pair[Symbol.iterator]() };
}

function prod(x: Tensor, dim?: number | null, o: ReduceOptions = {}): Tensor {
  const dims = dimsOf("prod", x, dim);
  const dtype = o.dtype ?? (isFloatingPoint(x.dtype) ? x.dtype : "int64");
  const kept = reduceRaw("prod", x, dims, dtype);
  const out = dropDims(kept, dims, !!o.keepdim);
  return record("ProdBackward0", [x], out, ([g]) => {
    // out / x fails at zeros: there the gradient is the product of the other elements,
    // which is 0 unless this is the only zero
    const zero = x.eq(0);
    const safe = x.where(zero.logicalNot(), 1);
    // recorded prods (not the raw forward result), so the gradient is itself differentiable
    const keep = { keepdim: true, dtype: kept.dtype };
    const others = prod(safe, dim, keep).where(zero.sum(dims, { keepdim: true }).eq(1), 0);
    return [expandBack(g!, x, dims).mul(prod(x, dim, keep).div(safe).where(zero.logicalNot(), others))];
  }, [x]);
}

function logsumexp(x: Tensor, dim: Dims, o: ReduceOptions = {}): Tensor {
  const dims = dimsOf("logsumexp", x, dim);
  // shift by the max for stability; infinite maxima are replaced by 0 so inf - inf never appears
  const m = x.detach().amax(dims, { keepdim: true });
  const shift = m.where(m.abs().ne(Infinity), 0);
  const out = x.sub(shift).exp().sum(dims, { keepdim: true }).log().add(shift);
  return o.keepdim ? out : out.squeeze(dims);
}

function truthReduce(op: "all" | "any", x: Tensor, dim: number | null | undefined, o: ReduceOptions): Tensor {
  const dims = dimsOf(op, x, dim);
  const asBool = x.dtype === "bool" ? x : x.ne(0);
  // any() counts true elements: a max over nothing would start from -inf, which reads as true
  const kept = op === "all" ? reduceRaw("min", asBool, dims, "bool") : reduceRaw("sum", asBool, dims, "int64").ne(0);
  return dropDims(kept, dims, !!o.keepdim);
}

/** sqrt whose gradient is 0 where the result is 0: PyTorch's choice for a zero norm or a zero std, instead of inf * 0 = NaN. */
function sqrtZeroGrad(v: Tensor): Tensor {
  const out = noGrad(() => v.sqrt());
  return record("SqrtBackward0", [v], out, ([g]) => [g!.div(v.sqrt().mul(2)).where(out.ne(0), 0)], [v]);
}

function norm(x: Tensor, p: number | "fro" = 2, dim?: Dims | null, o: ReduceOptions = {}): Tensor {
  if (p === "fro") p = 2;
  if (typeof p !== "number") throw new TypeError(`norm: argument 'p' must be a number or "fro", but got ${describeValue(p)}${isPlainObject(p) ? "; p and dim are positional: x.norm(2, 1)" : ""}`);
  if (p === Infinity) return x.abs().amax(dim, o);
  if (p === 1) return x.abs().sum(dim, o);
  if (p === 2) return sqrtZeroGrad(x.mul(x).sum(dim, o));
  // a zero norm gets a zero gradient (as PyTorch), not the inf * 0 of pow(1/p) at 0
  const s = x.abs().pow(p).sum(dim, o);
  return s.where(s.ne(0), 1).pow(1 / p).where(s.ne(0), 0);
}

installMethods({
  sum(dim?: Dims | null, o?: ReduceOptions) { return sum(this, dim, o); },
  mean(dim?: Dims | null, o?: ReduceOptions) { return mean(this, dim, o); },
  prod(dim?: number | null, o?: ReduceOptions) { return prod(this, dim, o); },
  var(dim?: Dims | null, o?: VarOptions) { return variance(this, dim, o); },
  std(dim?: Dims | null, o?: VarOptions) { return sqrtZeroGrad(variance(this, dim, o)); },
  amax(dim?: Dims | null, o?: ReduceOptions) { return extremeAll("max", this, dim, o); },
  amin(dim?: Dims | null, o?: ReduceOptions) { return extremeAll("min", this, dim, o); },
  max(dim?: number | Tensor, o?: ReduceOptions) {
    if (dim === undefined) return extremeAll("max", this, null);
    if (typeof dim === "number") return extremeDim("max", this, dim, o);
    return dim instanceof Tensor ? this.maximum(dim) : extremeDim("max", this, dim as never, o);
  },
  min(dim?: number | Tensor, o?: ReduceOptions) {
    if (dim === undefined) return extremeAll("min", this, null);
    if (typeof dim === "number") return extremeDim("min", this, dim, o);
    return dim instanceof Tensor ? this.minimum(dim) : extremeDim("min", this, dim as never, o);
  },
  argmax(dim?: number | null, o?: ReduceOptions) { return argExtreme("argmax", this, dim, o); },
  argmin(dim?: number | null, o?: ReduceOptions) { return argExtreme("argmin", this, dim, o); },
  logsumexp(dim: Dims, o?: ReduceOptions) { return logsumexp(this, dim, o); },
  all(dim?: number | null, o?: ReduceOptions) { return truthReduce("all", this, dim, o ?? {}); },
  any(dim?: number | null, o?: ReduceOptions) { return truthReduce("any", this, dim, o ?? {}); },
  norm(p?: number | "fro", dim?: Dims | null, o?: ReduceOptions) { return norm(this, p, dim, o); },
  sumToSize(shape: readonly number[]) {
    const lead = this.ndim - shape.length;
    const dims = this.shape.map((d, i) => i).filter((i) => i < lead || (shape[i - lead] === 1 && this.shape[i] !== 1));
    return dims.length ? this.sum(dims, { keepdim: true }).reshape(shape) : this;
  },
});
