import type { BinaryOp } from "../backend/backend.js";
import { isGradEnabled } from "../autograd/grad-mode.js";
import { needsGrad, record } from "../autograd/record.js";
import { isIntegral, resultType, type DType } from "../dtype.js";
import { noGrad } from "../autograd/grad-mode.js";
import { DTypeError } from "../errors.js";
import { Tensor } from "../tensor.js";
import { zerosLike } from "./creation.js";
import { runBinary, runBinaryScalar, scalarPathFits } from "./dispatch.js";
import { installMethods } from "./methods.js";
import { binaryOperands, checkScalarOperand, scalarResultType, toFloatDType, type TensorLike } from "./operands.js";

/**
 * Binary elementwise ops with broadcasting and type promotion. Each entry is
 * the forward primitive and, next to it, the gradient with respect to each
 * input (the engine sums gradients of broadcast inputs back to their shape).
 */

declare module "../tensor.js" {
  interface Tensor {
    add(other: TensorLike, options?: { alpha?: number }): Tensor;
    sub(other: TensorLike, options?: { alpha?: number }): Tensor;
    rsub(other: TensorLike, options?: { alpha?: number }): Tensor;
    mul(other: TensorLike): Tensor;
    div(other: TensorLike, options?: { roundingMode?: "trunc" | "floor" }): Tensor;
    pow(exponent: TensorLike): Tensor;
    maximum(other: Tensor): Tensor;
    minimum(other: Tensor): Tensor;
    fmod(other: TensorLike): Tensor;
    remainder(other: TensorLike): Tensor;
    floorDivide(other: TensorLike): Tensor;
    atan2(other: Tensor): Tensor;
    eq(other: TensorLike): Tensor;
    ne(other: TensorLike): Tensor;
    lt(other: TensorLike): Tensor;
    le(other: TensorLike): Tensor;
    gt(other: TensorLike): Tensor;
    ge(other: TensorLike): Tensor;
    logicalAnd(other: TensorLike): Tensor;
    logicalOr(other: TensorLike): Tensor;
    logicalXor(other: TensorLike): Tensor;
    bitwiseAnd(other: TensorLike): Tensor;
    bitwiseOr(other: TensorLike): Tensor;
    bitwiseXor(other: TensorLike): Tensor;
  }
}

type Grad = (g: Tensor, a: Tensor, b: Tensor, out: Tensor) => [Tensor | null, Tensor | null];

interface BinarySpec {
  /** Output dtype from the promoted input dtype. */
  dtype?: (promoted: DType) => DType;
  grad?: Grad;
  /** Gradient reads the inputs/output: list them so in-place changes are caught. */
  saves?: "inputs" | "output" | "both";
}

const comparison = { dtype: () => "bool" as DType };
const integerOnly = (op: string) => ({
  dtype: (d: DType) => {
    if (d !== "bool" && d !== "int32" && d !== "int64" && d !== "uint8") throw new DTypeError(`${op}: not implemented for '${d}' (integer or bool tensors only)`);
    return d;
  },
});

const SPECS: Record<BinaryOp, BinarySpec> = {
  add: { grad: (g) => [g, g] },
  sub: {
    dtype: (d) => {
      if (d === "bool") throw new DTypeError("sub: Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or logicalXor() operator instead.");
      return d;
    },
    grad: (g) => [g, g.neg()],
  },
  mul: { grad: (g, a, b) => [g.mul(b), g.mul(a)], saves: "inputs" },
  div: { dtype: toFloatDType, grad: (g, a, b) => [g.div(b), g.neg().mul(a).div(b.mul(b))], saves: "inputs" },
  pow: {
    dtype: (d) => d,
    grad: (g, a, b, out) => [
      // 0 where b == 0: b * a^(b-1) would be 0 * inf at a == 0, and PyTorch defines d/da a^0 = 0
      g.mul(b).mul(a.pow(b.sub(1))).where(b.ne(0), 0),
      // d/db a^b = a^b log a; zero where a == 0 and b >= 0, as PyTorch defines it
      b.requiresGrad ? g.mul(out.mul(a.log()).where(a.ne(0).logicalOr(b.lt(0)), 0)) : null,
    ],
    saves: "both",
  },
  maximum: { grad: (g, a, b) => tieSplit(g, a, b, a.gt(b)), saves: "inputs" },
  minimum: { grad: (g, a, b) => tieSplit(g, a, b, a.lt(b)), saves: "inputs" },
  fmod: { grad: (g, a, b) => [g, b.requiresGrad ? g.neg().mul(a.div(b).trunc()) : null], saves: "inputs" },
  remainder: { grad: (g, a, b) => [g, b.requiresGrad ? g.neg().mul(a.div(b).floor()) : null], saves: "inputs" },
  // piecewise constant: a zero gradient, but recorded, so the result requires grad as in PyTorch
  floorDivide: { grad: (g) => [zerosLike(g), zerosLike(g)] },
  atan2: {
    dtype: toFloatDType,
    grad: (g, a, b) => {
      const denom = a.mul(a).add(b.mul(b));
      return [g.mul(b).div(denom), g.neg().mul(a).div(denom)];
    },
    saves: "inputs",
  },
  eq: comparison, ne: comparison, lt: comparison, le: comparison, gt: comparison, ge: comparison,
  logicalAnd: comparison, logicalOr: comparison, logicalXor: comparison,
  bitwiseAnd: integerOnly("bitwiseAnd"), bitwiseOr: integerOnly("bitwiseOr"), bitwiseXor: integerOnly("bitwiseXor"),
};

/** maximum/minimum send the gradient to the winner, half to each on ties. */
function tieSplit(g: Tensor, a: Tensor, b: Tensor, aWins: Tensor): [Tensor, Tensor] {
  const tie = a.eq(b);
  const half = g.div(2);
  return [g.where(aWins, 0).where(tie.logicalNot(), half), g.where(aWins.logicalNot().logicalAnd(tie.logicalNot()), 0).where(tie.logicalNot(), half)];
}

const NAMES = Object.fromEntries(Object.keys(SPECS).map((op) => [op, `${op[0]!.toUpperCase()}${op.slice(1)}Backward0`])) as Record<BinaryOp, string>;

type ScalarGrad = (g: Tensor, value: number) => Tensor;

/**
 * The gradient with respect to the tensor operand when the other one is a JS
 * number (`scalarFirst`: the number is the left operand). None of them reads
 * the tensor, so, as in PyTorch, nothing is saved. Null for ops that record
 * through the general path, with the number as a 0-dim tensor.
 */
function scalarGrad(op: BinaryOp, scalarFirst: boolean): ScalarGrad | null {
  switch (op) {
    case "add": return (g) => g;
    case "sub": return scalarFirst ? (g) => g.neg() : (g) => g;
    case "mul": return (g, v) => g.mul(v);
    case "div": return scalarFirst ? null : (g, v) => g.div(v);
    default: return null;
  }
}

/**
 * `t op s` (or `s op t`) with a JS number `s`, without making `s` a tensor.
 * Null when this path does not apply (a dtype conversion is needed, or a
 * gradient it has no formula for must be recorded).
 */
function scalarOp(op: BinaryOp, t: Tensor, s: number | boolean, scalarFirst: boolean): Tensor | null {
  const spec = SPECS[op];
  const dtype = scalarResultType(t.dtype, s);
  const outDType = spec.dtype ? spec.dtype(dtype) : dtype;
  const inDType = outDType === "bool" ? dtype : outDType;
  if (inDType !== dtype || !scalarPathFits(t, dtype)) return null;
  const value = Number(s);
  if (!spec.grad || !t.requiresGrad || !isGradEnabled()) return runBinaryScalar(op, t, value, scalarFirst, outDType);
  const grad = scalarGrad(op, scalarFirst);
  if (!grad) return null;
  const out = runBinaryScalar(op, t, value, scalarFirst, outDType);
  return record(NAMES[op], scalarFirst ? [null, t] : [t, null], out, ([g]) => (scalarFirst ? [null, grad(g!, value)] : [grad(g!, value), null]));
}

/** Integer ops that divide: a zero divisor has no answer (PyTorch raises ZeroDivisionError). */
const DIVIDING = new Set<BinaryOp>(["floorDivide", "remainder", "fmod"]);

function zeroDivision(op: string): RangeError {
  return new RangeError(`${op}: ZeroDivisionError: integer division by zero; divide floating point tensors to get inf or nan instead`);
}

/**
 * Raises when an integer division's divisor holds a zero. A tensor divisor is
 * read back where the backend reads synchronously (as index checks are);
 * elsewhere the kernel's own result stands.
 */
export function checkIntegerDivisor(op: string, divisor: TensorLike, dtype: DType): void {
  if (!isIntegral(dtype, true)) return;
  if (!(divisor instanceof Tensor)) {
    if (Number(divisor) === 0) throw zeroDivision(op);
    return;
  }
  if (divisor.numel() === 0 || !divisor.storage.backend.allocator.readSync) return;
  if (Number(noGrad(() => divisor.eq(0).any().item())) !== 0) throw zeroDivision(op);
}

/** PyTorch: an integer tensor raised to a negative integer number has no integer answer. */
function checkIntegerPower(x: TensorLike, y: TensorLike): void {
  if (x instanceof Tensor && isIntegral(x.dtype, true) && typeof y === "number" && Number.isInteger(y) && y < 0) {
    throw new RangeError(`pow: Integers to negative integer powers are not allowed (${x.dtype} tensor to the power ${y}); convert to floating point first, e.g. x.float().pow(${y})`);
  }
}

/** Runs one binary op forward and records its gradient. */
export function binaryOp(op: BinaryOp, x: TensorLike, y: TensorLike): Tensor {
  if (!(x instanceof Tensor)) checkScalarOperand(op, x);
  if (!(y instanceof Tensor)) checkScalarOperand(op, y);
  if (op === "pow") checkIntegerPower(x, y);
  else if (DIVIDING.has(op)) checkIntegerDivisor(op, y, x instanceof Tensor ? (y instanceof Tensor ? promoteDivisor(x, y) : scalarResultType(x.dtype, y)) : scalarResultType((y as Tensor).dtype, x as number | boolean));
  if (x instanceof Tensor !== y instanceof Tensor) {
    const fast = x instanceof Tensor ? scalarOp(op, x, y as number | boolean, false) : scalarOp(op, y as Tensor, x, true);
    if (fast) return fast;
  }
  const spec = SPECS[op];
  const { a, b, dtype, shape } = binaryOperands(op, x, y);
  const outDType = spec.dtype ? spec.dtype(dtype) : dtype;
  // kernels see one input dtype: the output's, or for comparisons the promoted one
  const inDType = outDType === "bool" ? dtype : outDType;
  const ca = a.dtype === inDType ? a : a.to(inDType);
  const cb = b.dtype === inDType ? b : b.to(inDType);
  const out = runBinary(op, ca, cb, shape, outDType);
  const grad = spec.grad;
  if (!grad || !needsGrad(a, b)) return out;
  const saved = spec.saves === "inputs" ? [a, b] : spec.saves === "output" ? [out] : spec.saves === "both" ? [a, b, out] : [];
  return record(NAMES[op], [a, b], out, ([g]) => grad(g!, a, b, out), saved);
}

/** `alpha * b`; a scalar `b` stays a scalar (binaryOp needs at least one tensor). */
function scaledBy(b: TensorLike, alpha: number): TensorLike {
  if (alpha === 1) return b;
  return typeof b === "number" || typeof b === "boolean" ? Number(b) * alpha : binaryOp("mul", b, alpha);
}

function add(a: TensorLike, b: TensorLike, alpha = 1): Tensor {
  return binaryOp("add", a, scaledBy(b, alpha));
}

function sub(a: TensorLike, b: TensorLike, alpha = 1): Tensor {
  return binaryOp("sub", a, scaledBy(b, alpha));
}

/** The dtype two tensors divide in. */
function promoteDivisor(a: Tensor, b: Tensor): DType {
  return resultType([{ dtype: a.dtype, ndim: a.ndim }, { dtype: b.dtype, ndim: b.ndim }]);
}

function div(a: Tensor, b: TensorLike, roundingMode?: "trunc" | "floor"): Tensor {
  if (roundingMode !== undefined && roundingMode !== "trunc" && roundingMode !== "floor") {
    throw new TypeError(`div expected rounding_mode to be one of undefined, 'trunc', or 'floor' but found '${String(roundingMode)}'`);
  }
  if (roundingMode === "trunc") checkIntegerDivisor("div", b, b instanceof Tensor ? promoteDivisor(a, b) : scalarResultType(a.dtype, b));
  if (roundingMode === "floor") return binaryOp("floorDivide", a, b);
  const q = binaryOp("div", a, b);
  if (roundingMode !== "trunc") return q;
  const isFloat = a.dtype.startsWith("float") || a.dtype === "bfloat16" || (typeof b === "number" && !Number.isInteger(b));
  const t = q.trunc();
  return isFloat ? t : t.to(binaryOperands("div", a, b).dtype);
}

export const functional = { add, sub, div };

installMethods({
  add(other: TensorLike, options?: { alpha?: number }) { return add(this, other, options?.alpha); },
  sub(other: TensorLike, options?: { alpha?: number }) { return sub(this, other, options?.alpha); },
  rsub(other: TensorLike, options?: { alpha?: number }) { return sub(other, this, options?.alpha); },
  mul(other: TensorLike) { return binaryOp("mul", this, other); },
  div(other: TensorLike, options?: { roundingMode?: "trunc" | "floor" }) { return div(this, other, options?.roundingMode); },
  pow(exponent: TensorLike) { return binaryOp("pow", this, exponent); },
  maximum(other: Tensor) { return binaryOp("maximum", this, other); },
  minimum(other: Tensor) { return binaryOp("minimum", this, other); },
  fmod(other: TensorLike) { return binaryOp("fmod", this, other); },
  remainder(other: TensorLike) { return binaryOp("remainder", this, other); },
  floorDivide(other: TensorLike) { return binaryOp("floorDivide", this, other); },
  atan2(other: Tensor) { return binaryOp("atan2", this, other); },
  eq(other: TensorLike) { return binaryOp("eq", this, other); },
  ne(other: TensorLike) { return binaryOp("ne", this, other); },
  lt(other: TensorLike) { return binaryOp("lt", this, other); },
  le(other: TensorLike) { return binaryOp("le", this, other); },
  gt(other: TensorLike) { return binaryOp("gt", this, other); },
  ge(other: TensorLike) { return binaryOp("ge", this, other); },
  logicalAnd(other: TensorLike) { return binaryOp("logicalAnd", this, other); },
  logicalOr(other: TensorLike) { return binaryOp("logicalOr", this, other); },
  logicalXor(other: TensorLike) { return binaryOp("logicalXor", this, other); },
  bitwiseAnd(other: TensorLike) { return binaryOp("bitwiseAnd", this, other); },
  bitwiseOr(other: TensorLike) { return binaryOp("bitwiseOr", this, other); },
  bitwiseXor(other: TensorLike) { return binaryOp("bitwiseXor", this, other); },
});
