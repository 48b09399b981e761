import { isFloatingPoint, resultType, scalarKind, type DType } from "../dtype.js";
import { broadcastShapes, sameShape, type Shape } from "../shape.js";
import { Tensor } from "../tensor.js";
import { getDefaultDType, scalarLike } from "./creation.js";
import { describeValue } from "../options.js";

/** What ops accept where PyTorch takes "Tensor or Number". */
export type TensorLike = Tensor | number | boolean;

/**
 * Promotes a binary op's operands (PyTorch's rules; JS numbers act as Python
 * scalars) and broadcasts their shapes. Scalars become 0-dim tensors on the
 * other operand's device.
 */
export function binaryOperands(op: string, a: TensorLike, b: TensorLike): { a: Tensor; b: Tensor; dtype: DType; shape: Shape } {
  const ta = a instanceof Tensor ? a : null;
  const tb = b instanceof Tensor ? b : null;
  if (!ta && !tb) throw new TypeError(`${op}: expected at least one Tensor argument`);
  if (ta && tb) {
    // the common case, two tensors of one dtype and shape, needs neither promotion nor broadcasting
    const dtype = ta.dtype === tb.dtype ? ta.dtype : resultType([{ dtype: ta.dtype, ndim: ta.ndim }, { dtype: tb.dtype, ndim: tb.ndim }], getDefaultDType());
    return { a: ta, b: tb, dtype, shape: sameShape(ta.shape, tb.shape) ? ta.shape : broadcastShapes(op, ta.shape, tb.shape) };
  }
  const like = (ta ?? tb)!;
  checkScalarOperand(op, ta ? b : a);
  const dtype = scalarResultType(like.dtype, (ta ? b : a) as number | boolean);
  const A = ta ?? scalarLike(like, Number(a), dtype);
  const B = tb ?? scalarLike(like, Number(b), dtype);
  return { a: A, b: B, dtype, shape: broadcastShapes(op, A.shape, B.shape) };
}

/**
 * The non-tensor operand must be a number, a boolean or a bigint. Anything else (an
 * array, a string, an options object) would turn into NaN as a number and
 * give a silently wrong result; PyTorch raises a TypeError too.
 */
export function checkScalarOperand(op: string, value: unknown): void {
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return;
  const hint = Array.isArray(value) ? "; wrap arrays with torch.tensor(...)" : "";
  throw new TypeError(`${op}: expected a Tensor or a number as the other operand, but got ${describeValue(value)}${hint}`);
}

/** `resultType` of one tensor's dtype and one JS scalar: the scalar wins only with a higher category (bool < integer < floating). */
export function scalarResultType(dtype: DType, value: number | boolean): DType {
  const kind = scalarKind(value);
  const scalar = kind === "float" ? 2 : kind === "int" ? 1 : 0;
  const tensor = dtype === "bool" ? 0 : isFloatingPoint(dtype) ? 2 : 1;
  if (scalar <= tensor) return dtype;
  return scalar === 2 ? getDefaultDType() : "int64";
}

export function toFloatDType(dtype: DType): DType {
  return dtype === "float32" || dtype === "float64" || dtype === "float16" || dtype === "bfloat16" ? dtype : getDefaultDType();
}
