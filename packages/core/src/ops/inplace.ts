import { isGradEnabled } from "../autograd/grad-mode.js";
import { isFloatingPoint, type DType } from "../dtype.js";
import { AutogradError, DTypeError, ShapeError } from "../errors.js";
import { bernoulliValues, normalValues, uniformValues } from "../random/distributions.js";
import { defaultGenerator, type Generator } from "../random/generator.js";
import { broadcastShapes, sameShape, shapeToString } from "../shape.js";
import { Tensor } from "../tensor.js";
import { castRaw, emptyLike, fromHost, runBinary, runFill, viewAs } from "./dispatch.js";
import { toBackendOf } from "./conversion.js";
import { toHost } from "./creation.js";
import { installMethods } from "./methods.js";
import { checkScalarOperand, type TensorLike } from "./operands.js";

/**
 * In-place ops (`add_`, `mul_`, `copy_`, ...). The result is computed out of
 * place from a snapshot of the tensor's history, then written into its
 * storage; the tensor takes over the new history. Saved tensors that the
 * write invalidates are caught by the storage version check in backward.
 * Tensor-tensor arithmetic with nothing to record and nothing to convert
 * skips the temporary: one kernel writes into self (`directBinary`).
 */

declare module "../tensor.js" {
  interface Tensor {
    add_(other: TensorLike, options?: { alpha?: number }): Tensor;
    sub_(other: TensorLike, options?: { alpha?: number }): Tensor;
    mul_(other: TensorLike): Tensor;
    div_(other: TensorLike): Tensor;
    pow_(exponent: TensorLike): Tensor;
    neg_(): Tensor;
    exp_(): Tensor;
    log_(): Tensor;
    sqrt_(): Tensor;
    abs_(): Tensor;
    sigmoid_(): Tensor;
    tanh_(): Tensor;
    relu_(): Tensor;
    clamp_(min?: number | null, max?: number | null): Tensor;
    maskedFill_(mask: Tensor, value: number | Tensor): Tensor;
    zero_(): Tensor;
    fill_(value: number | boolean): Tensor;
    copy_(src: Tensor): Tensor;
    uniform_(from?: number, to?: number, options?: { generator?: Generator }): Tensor;
    normal_(mean?: number, std?: number, options?: { generator?: Generator }): Tensor;
    bernoulli_(p?: number, options?: { generator?: Generator }): Tensor;
  }
}

function checkLeaf(self: Tensor, op: string): void {
  if (isGradEnabled() && self.requiresGrad && self.isLeaf) {
    throw new AutogradError(`${op}: a leaf Variable that requires grad is being used in an in-place operation. Wrap it in torch.noGrad(), or use an out-of-place op.`);
  }
}

/** bool < integer < floating: PyTorch's in-place ops never cast a result down a category. */
function category(dtype: DType): number {
  return dtype === "bool" ? 0 : isFloatingPoint(dtype) ? 2 : 1;
}

/** Writes `result` into `self` and moves `result`'s history onto `self`. `anyCast`: copy_ and maskedFill_ convert freely. */
function assign(self: Tensor, result: Tensor, op: string, anyCast = false): Tensor {
  if (!anyCast && category(result.dtype) > category(self.dtype)) {
    throw new DTypeError(`${op}: result type ${result.dtype} can't be cast to the desired output type ${self.dtype}`);
  }
  if (!sameShape(broadcastShapes(op, self.shape, result.shape), self.shape)) {
    throw new ShapeError(`${op}: output with shape ${shapeToString(self.shape)} doesn't match the broadcast shape ${shapeToString(broadcastShapes(op, self.shape, result.shape))}`);
  }
  checkNoInternalOverlap(self, op);
  if (result.storage.backend !== self.storage.backend) result = toBackendOf(result, self);
  // a source sharing self's memory (x.copy_(x.t())) would be overwritten while it is read: copy it first
  else if (result.storage === self.storage && !sameView(result, self)) result = castRaw(result, result.dtype);
  self.storage.backend.primitives.unary("identity", self.kernelView, viewAs(result, self.shape));
  self.storage.version++;
  if (result.requiresGrad && isGradEnabled()) {
    self.gradFn = result.gradFn;
    self.outputIndex = result.outputIndex;
    self.requiresGrad = true;
  }
  return self;
}

/** A new tensor object for the same data and history, so the op's node does not point at `self`. */
function snapshot(self: Tensor): Tensor {
  const t = new Tensor(self.storage, self.shape, self.strides, self.offset);
  t.requiresGrad = self.requiresGrad;
  t.gradFn = self.gradFn;
  t.outputIndex = self.outputIndex;
  return t;
}

/**
 * `others` are the op's other arguments. When autograd records, the op reads
 * a copy of `self`: its node may save that input, and the write into `self`
 * must not invalidate the node that produced it.
 */
export function inplace(op: string, compute: (x: Tensor) => Tensor, others: readonly unknown[] = [], anyCast = false) {
  return function (this: Tensor): Tensor {
    checkLeaf(this, op);
    const recording = isGradEnabled() && [this, ...others].some((t) => t instanceof Tensor && t.requiresGrad);
    const source = recording ? snapshot(this).clone() : snapshot(this);
    return assign(this, compute(source), op, anyCast);
  };
}

/** Whether some element of `t` shares memory with another (a stride-0 dim of size > 1). */
function selfOverlapping(t: Tensor): boolean {
  return t.shape.some((d, i) => d > 1 && t.strides[i] === 0);
}

/** PyTorch refuses writes through views where several elements are one memory location (`expand`ed tensors). */
function checkNoInternalOverlap(self: Tensor, op: string): void {
  if (selfOverlapping(self)) {
    throw new ShapeError(
      `${op}: unsupported operation: more than one element of the written-to tensor refers to a single memory location ` +
        `(shape ${shapeToString(self.shape)}, strides ${shapeToString(self.strides)}). Please clone() the tensor before performing the operation.`,
    );
  }
}

function sameView(a: Tensor, b: Tensor): boolean {
  return a.storage === b.storage && a.offset === b.offset && sameShape(a.shape, b.shape) && a.strides.every((s, i) => s === b.strides[i]);
}

/**
 * `self op= other` written straight into self's memory, one kernel and no
 * temporary, when nothing is recorded and no conversion is needed: other a
 * tensor of self's dtype on self's backend that broadcasts to self's shape,
 * sharing no memory with self unless it is the very same view. Null when the
 * general path must run.
 */
function directBinary(self: Tensor, op: "add" | "sub" | "mul" | "div", other: TensorLike, alpha: number | undefined): Tensor | null {
  if ((alpha !== undefined && alpha !== 1) || !(other instanceof Tensor)) return null;
  if (isGradEnabled() && (self.requiresGrad || other.requiresGrad)) return null;
  if (other.dtype !== self.dtype || (op === "div" && !isFloatingPoint(self.dtype)) || other.storage.backend !== self.storage.backend) return null;
  if (!sameShape(broadcastShapes(op, self.shape, other.shape), self.shape) || selfOverlapping(self)) return null;
  if (other.storage === self.storage && !sameView(other, self)) return null;
  return runBinary(op, self, other, self.shape, self.dtype, self);
}

/**
 * copy_'s new value: src in self's dtype. While autograd records, it is a
 * `where` that picks src everywhere, so src gets the whole gradient (summed
 * over broadcast dims, cast to its dtype) and self's old history gets zero.
 */
function copySource(self: Tensor, src: Tensor): Tensor {
  // copy_ crosses devices and backends (differentiably), as PyTorch's does
  const here = toBackendOf(src, self);
  const value = here.dtype === self.dtype ? here : here.to(self.dtype);
  if (!isGradEnabled() || !(self.requiresGrad || src.requiresGrad)) return value;
  // the mask on self's own backend (zerosLike would pick the device's preferred one)
  return self.where(runFill(emptyLike(self, self.shape, "bool"), 0), value);
}

/**
 * The dims of `t` from largest stride to smallest (ties keep their order):
 * the order in memory, in which PyTorch's samplers visit a tensor's elements.
 */
function memoryOrder(t: Tensor): number[] {
  return t.shape.map((_, i) => i).sort((a, b) => t.strides[b]! - t.strides[a]! || a - b);
}

function randomFill(self: Tensor, draw: (g: Generator, n: number) => Float64Array, generator: Generator | undefined): Tensor {
  checkLeaf(self, "random fill");
  checkNoInternalOverlap(self, "random fill");
  // the new values do not depend on the old ones, which therefore get no gradient (as fill_ does)
  if (isGradEnabled()) self.gradFn = null;
  const values = draw(generator ?? defaultGenerator, self.numel());
  // values are drawn in memory order, so a transposed tensor gets the numbers PyTorch gives it
  const target = self.isContiguous() ? self : self.permute(memoryOrder(self));
  const src = fromHost(toHost(values, self.dtype), target.shape, self.dtype, self.device);
  self.storage.backend.primitives.unary("identity", target.kernelView, src.kernelView);
  self.storage.version++;
  return self;
}

installMethods({
  add_(other: TensorLike, o?: { alpha?: number }) { return directBinary(this, "add", other, o?.alpha) ?? inplace("add_", (x) => x.add(other, o), [other]).call(this); },
  sub_(other: TensorLike, o?: { alpha?: number }) { return directBinary(this, "sub", other, o?.alpha) ?? inplace("sub_", (x) => x.sub(other, o), [other]).call(this); },
  mul_(other: TensorLike) { return directBinary(this, "mul", other, undefined) ?? inplace("mul_", (x) => x.mul(other), [other]).call(this); },
  div_(other: TensorLike) { return directBinary(this, "div", other, undefined) ?? inplace("div_", (x) => x.div(other), [other]).call(this); },
  pow_(e: TensorLike) { return inplace("pow_", (x) => x.pow(e), [e]).call(this); },
  neg_() { return inplace("neg_", (x) => x.neg()).call(this); },
  exp_() { return inplace("exp_", (x) => x.exp()).call(this); },
  log_() { return inplace("log_", (x) => x.log()).call(this); },
  sqrt_() { return inplace("sqrt_", (x) => x.sqrt()).call(this); },
  abs_() { return inplace("abs_", (x) => x.abs()).call(this); },
  sigmoid_() { return inplace("sigmoid_", (x) => x.sigmoid()).call(this); },
  tanh_() { return inplace("tanh_", (x) => x.tanh()).call(this); },
  relu_() { return inplace("relu_", (x) => x.relu()).call(this); },
  clamp_(min?: number | null, max?: number | null) { return inplace("clamp_", (x) => x.clamp(min, max)).call(this); },
  maskedFill_(mask: Tensor, value: number | Tensor) { return inplace("maskedFill_", (x) => x.maskedFill(mask, value), [], true).call(this); },
  zero_() {
    checkLeaf(this, "zero_");
    runFill(this, 0);
    this.gradFn = null;
    return this;
  },
  fill_(value: number | boolean) {
    checkLeaf(this, "fill_");
    checkScalarOperand("fill_", value);
    runFill(this, Number(value));
    this.gradFn = null;
    return this;
  },
  copy_(src: Tensor) { return inplace("copy_", (x) => copySource(x, src), [], true).call(this); },
  uniform_(from = 0, to = 1, o?: { generator?: Generator }) {
    return randomFill(this, (g, n) => uniformValues(g, n, from, to, this.dtype), o?.generator);
  },
  normal_(mean = 0, std = 1, o?: { generator?: Generator }) {
    return randomFill(this, (g, n) => normalValues(g, n, mean, std, this.dtype, this.isContiguous()), o?.generator);
  },
  bernoulli_(p = 0.5, o?: { generator?: Generator }) {
    return randomFill(this, (g, n) => bernoulliValues(g, n, p), o?.generator);
  },
});
