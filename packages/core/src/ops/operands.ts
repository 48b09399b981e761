import { resultType, scalarKind, type DType } from "../dtype.js";
import { broadcastShapes } from "../shape.js";
import { Tensor } from "../tensor.js";
import { getDefaultDType, scalarLike } from "./creation.js";

/** What ops accept where PyTorch takes "Tensor or Number". */
export type TensorLike = Tensor | number | boolean;

/**
 * Promotes a binary op's operands (PyTorch's rules; JS numbers act as Python
 * scalars) and broadcasts their shapes. Scalars become 0-dim tensors on the
 * other operand's device.
 */
export function binaryOperands(op: string, a: TensorLike, b: TensorLike): { a: Tensor; b: Tensor; dtype: DType; shape: number[] } {
  const ta = a instanceof Tensor ? a : null;
  const tb = b instanceof Tensor ? b : null;
  if (!ta && !tb) throw new TypeError(`${op}: expected at least one Tensor argument`);
  const describe = (x: TensorLike) => (x instanceof Tensor ? { dtype: x.dtype, ndim: x.ndim } : { scalar: scalarKind(x) });
  const dtype = resultType([describe(a), describe(b)], getDefaultDType());
  const like = (ta ?? tb)!;
  const A = ta ?? scalarLike(like, Number(a), dtype);
  const B = tb ?? scalarLike(like, Number(b), dtype);
  return { a: A, b: B, dtype, shape: broadcastShapes(op, A.shape, B.shape) };
}

export function toFloatDType(dtype: DType): DType {
  return dtype === "float32" || dtype === "float64" || dtype === "float16" || dtype === "bfloat16" ? dtype : getDefaultDType();
}
