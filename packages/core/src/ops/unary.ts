import type { UnaryOp } from "../backend/backend.js";
import { isGradEnabled } from "../autograd/grad-mode.js";
import { needsGrad, record } from "../autograd/record.js";
import { isFloatingPoint, type DType } from "../dtype.js";
import { DTypeError } from "../errors.js";
import { Tensor } from "../tensor.js";
import { compositeForward } from "./composite.js";
import { zerosLike } from "./creation.js";
import { runBinaryScalar, runUnary, runWhere, runWhereScalar, scalarPathFits } from "./dispatch.js";
import { installMethods } from "./methods.js";
import { checkScalarOperand, binaryOperands, scalarResultType, toFloatDType, type TensorLike } from "./operands.js";
import { broadcastShapes } from "../shape.js";
import { resultType, scalarKind } from "../dtype.js";

/** Unary elementwise ops: the primitive, the output dtype, and the gradient side by side. */

declare module "../tensor.js" {
  interface Tensor {
    neg(): Tensor;
    abs(): Tensor;
    sign(): Tensor;
    exp(): Tensor;
    log(): Tensor;
    sqrt(): Tensor;
    rsqrt(): Tensor;
    reciprocal(): Tensor;
    sin(): Tensor;
    cos(): Tensor;
    tanh(): Tensor;
    sigmoid(): Tensor;
    erf(): Tensor;
    floor(): Tensor;
    ceil(): Tensor;
    round(): Tensor;
    trunc(): Tensor;
    logicalNot(): Tensor;
    isnan(): Tensor;
    square(): Tensor;
    log2(): Tensor;
    log10(): Tensor;
    log1p(): Tensor;
    expm1(): Tensor;
    exp2(): Tensor;
    tan(): Tensor;
    clamp(min?: number | null, max?: number | null): Tensor;
    clip(min?: number | null, max?: number | null): Tensor;
    /** `torch.where(condition, this, other)`, as PyTorch's `Tensor.where`. */
    where(condition: Tensor, other: TensorLike): Tensor;
    isfinite(): Tensor;
    isinf(): Tensor;
    relu(): Tensor;
  }
}

type Grad = (g: Tensor, x: Tensor, out: Tensor) => Tensor | null;
interface UnarySpec {
  /** Computes in floating point (integer inputs are promoted). */
  float?: boolean;
  bool?: boolean;
  grad?: Grad;
  /**
   * What the gradient reads, as in PyTorch's derivatives table: only that is
   * kept for backward and guarded against in-place changes, so writing to the
   * other one afterwards is allowed (and it can be freed sooner).
   */
  saves?: "input" | "output";
}

const zeroGrad: Grad = (g) => zerosLike(g);

const SPECS: Record<Exclude<UnaryOp, "identity">, UnarySpec> = {
  neg: { grad: (g) => g.neg() },
  abs: { grad: (g, x) => g.mul(x.sign()), saves: "input" },
  sign: { grad: zeroGrad },
  exp: { float: true, grad: (g, _x, out) => g.mul(out), saves: "output" },
  log: { float: true, grad: (g, x) => g.div(x), saves: "input" },
  sqrt: { float: true, grad: (g, _x, out) => g.div(out.mul(2)), saves: "output" },
  rsqrt: { float: true, grad: (g, _x, out) => g.mul(out.pow(3)).mul(-0.5), saves: "output" },
  reciprocal: { float: true, grad: (g, _x, out) => g.mul(out.mul(out)).neg(), saves: "output" },
  sin: { float: true, grad: (g, x) => g.mul(x.cos()), saves: "input" },
  cos: { float: true, grad: (g, x) => g.mul(x.sin()).neg(), saves: "input" },
  tanh: { float: true, grad: (g, _x, out) => g.mul(out.mul(out).rsub(1)), saves: "output" },
  sigmoid: { float: true, grad: (g, _x, out) => g.mul(out).mul(out.rsub(1)), saves: "output" },
  erf: { float: true, grad: (g, x) => g.mul(x.mul(x).neg().exp()).mul(2 / Math.sqrt(Math.PI)), saves: "input" },
  floor: { grad: zeroGrad },
  ceil: { grad: zeroGrad },
  round: { grad: zeroGrad },
  trunc: { grad: zeroGrad },
  logicalNot: { bool: true },
  isnan: { bool: true },
};

const NAMES = Object.fromEntries(Object.keys(SPECS).map((op) => [op, `${op[0]!.toUpperCase()}${op.slice(1)}Backward0`])) as Record<keyof typeof SPECS, string>;

export function unaryOp(op: Exclude<UnaryOp, "identity">, x: Tensor): Tensor {
  const spec = SPECS[op];
  const dtype: DType = spec.bool ? "bool" : spec.float ? toFloatDType(x.dtype) : x.dtype;
  if (op === "neg" && x.dtype === "bool") throw new DTypeError("neg: Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use logicalNot() instead.");
  // kernels compute in the output dtype
  const input = !spec.bool && x.dtype !== dtype ? x.to(dtype) : x;
  const out = runUnary(op, input, dtype);
  const grad = spec.grad;
  if (!grad || !isFloatingPoint(dtype) || !needsGrad(input)) return out;
  // the closure holds only what the gradient reads; the other argument is never touched
  if (spec.saves === "input") return record(NAMES[op], [input], out, ([g]) => [grad(g!, input, undefined as never)], [input]);
  if (spec.saves === "output") return record(NAMES[op], [input], out, ([g]) => [grad(g!, undefined as never, out)], [out]);
  return record(NAMES[op], [input], out, ([g]) => [grad(g!, undefined as never, undefined as never)]);
}

/** `torch.where(condition, x, y)` with broadcasting and promotion of x and y. */
export function where(condition: Tensor, x: TensorLike, y: TensorLike): Tensor {
  if (condition.dtype !== "bool" && condition.dtype !== "uint8") {
    throw new DTypeError(`where: expected condition to be a boolean tensor, but got a tensor with dtype ${condition.dtype}`);
  }
  if (!(x instanceof Tensor)) checkScalarOperand("where", x);
  if (!(y instanceof Tensor)) checkScalarOperand("where", y);
  if (x instanceof Tensor !== y instanceof Tensor) {
    const fast = x instanceof Tensor ? whereScalar(condition, x, y as number | boolean, false) : whereScalar(condition, y as Tensor, x, true);
    if (fast) return fast;
  }
  const { a, b, dtype } = binaryOperands("where", x, y);
  const shape = broadcastShapes("where", condition.shape, a.shape, b.shape);
  const ca = a.dtype === dtype ? a : a.to(dtype);
  const cb = b.dtype === dtype ? b : b.to(dtype);
  const out = runWhere(condition, ca, cb, shape, dtype);
  if (!needsGrad(ca, cb)) return out;
  return record("WhereBackward0", [ca, cb], out, ([g]) => [
    ca.requiresGrad ? g!.where(condition, 0) : null,
    cb.requiresGrad ? where(condition, 0, g!) : null,
  ]);
}

/**
 * `where` with one branch a JS number, which reaches the kernel as a stride-0
 * view rather than a 0-dim tensor. Null when the tensor branch would need a
 * dtype conversion first (the general path does it).
 */
function whereScalar(condition: Tensor, t: Tensor, s: number | boolean, scalarFirst: boolean): Tensor | null {
  if (!scalarPathFits(t, scalarResultType(t.dtype, s))) return null;
  const shape = broadcastShapes("where", condition.shape, t.shape);
  const out = runWhereScalar(condition, t, Number(s), scalarFirst, shape);
  if (!needsGrad(t)) return out;
  return record("WhereBackward0", scalarFirst ? [null, t] : [t, null], out, ([g]) =>
    scalarFirst ? [null, where(condition, 0, g!)] : [g!.where(condition, 0), null],
  );
}

/**
 * max(x, 0) with PyTorch's gradient: zero where x <= 0, so relu'(0) = 0.
 * "x <= 0 gives 0" rather than "x > 0 keeps x", so that nan stays nan and
 * passes its gradient on. On floats it is a composite op (one pass where the
 * backend fuses `relu`) whose gradient reads the output, as PyTorch's
 * ReluBackward0 does: the output is <= 0 exactly where x is.
 */
function relu(x: Tensor): Tensor {
  if (!isFloatingPoint(x.dtype)) return reluByMask(x);
  const out = compositeForward("relu", [x], {}, () => reluByMask(x));
  if (!needsGrad(x)) return out;
  return record("ReluBackward0", [x], out, ([g], donated) => [reluBackward(g!, out, donated[0] === true)], [out]);
}

/** Two kernels, the mask x <= 0 then `where`; dtypes the backend does not compute in go through `where` with promotion. */
function reluByMask(x: Tensor): Tensor {
  if (x.dtype === "bool" || !scalarPathFits(x, x.dtype)) return x.where(x.le(0).logicalNot(), 0);
  return runWhereScalar(runBinaryScalar("le", x, 0, false, "bool"), x, 0, true, x.shape);
}

/**
 * Zero where relu's output is <= 0, else g; fused where the backend has `reluBackward` and no graph is being built,
 * into g's own memory when the engine donated it.
 */
function reluBackward(g: Tensor, out: Tensor, donated: boolean): Tensor {
  const formula = () => where(out.le(0), 0, g);
  return isGradEnabled() ? formula() : compositeForward("reluBackward", [g, out], { overwriteGradOutput: donated }, formula);
}

function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  if (min == null && max == null) throw new TypeError("clamp: At least one of 'min' or 'max' must not be None");
  let out = x;
  const dtype = resultType([{ dtype: x.dtype, ndim: x.ndim }, ...[min, max].filter((v) => v != null).map((v) => ({ scalar: scalarKind(v!) }))]);
  if (out.dtype !== dtype) out = out.to(dtype);
  // where, not maximum/minimum: x exactly at a bound keeps its whole gradient (maximum would split it),
  // and nan stays nan because the comparison is false for it
  if (min != null) out = out.where(out.lt(scalarTensor(out, min)).logicalNot(), scalarTensor(out, min));
  if (max != null) out = out.where(out.gt(scalarTensor(out, max)).logicalNot(), scalarTensor(out, max));
  return out;
}

function scalarTensor(like: Tensor, v: number): Tensor {
  return binaryOperands("clamp", like, v).b;
}

installMethods({
  ...Object.fromEntries(Object.keys(SPECS).map((op) => [op, function (this: Tensor) { return unaryOp(op as Exclude<UnaryOp, "identity">, this); }])),
  square() { return this.mul(this); },
  log2() { return this.log().div(Math.LN2); },
  log10() { return this.log().div(Math.LN10); },
  log1p() { return unaryLog1p(this); },
  expm1() { return unaryExpm1(this); },
  exp2() { return this.mul(Math.LN2).exp(); },
  tan() { return this.sin().div(this.cos()); },
  clamp(min?: number | null, max?: number | null) { return clamp(this, min, max); },
  clip(min?: number | null, max?: number | null) { return clamp(this, min, max); },
  where(condition: Tensor, other: TensorLike) { return where(condition, this, other); },
  // integers and bools are always finite (and bools cannot be subtracted)
  isfinite() { return isFloatingPoint(this.dtype) ? this.sub(this).eq(0) : zerosLike(this, { dtype: "bool" }).logicalNot(); },
  isinf() { return this.abs().eq(Infinity); },
  relu() { return relu(this); },
});

/**
 * exp(x) - 1, accurate near zero (Kahan): with u = exp(x), (u - 1) * x / log(u)
 * cancels the rounding of u. Only used for |x| < 0.5, where u is finite and
 * u - 1 is exact; where u rounds to 1 the answer is x itself.
 */
function unaryExpm1(x: Tensor): Tensor {
  const u = x.exp();
  const d = u.sub(1);
  const l = u.log();
  const near = x.abs().lt(0.5).logicalAnd(l.ne(0));
  return d.mul(x.div(l.where(near, 1))).where(near, d.where(l.ne(0), x));
}

/** log(1 + x), accurate near zero: log1p(x) = log(u) * x / (u - 1) with u = 1 + x. */
function unaryLog1p(x: Tensor): Tensor {
  const u = x.add(1);
  const d = u.sub(1);
  const safe = d.where(d.ne(0), 1);
  return u.log().mul(x.div(safe)).where(d.ne(0), x);
}

