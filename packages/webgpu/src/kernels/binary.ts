import type { backends } from "@taimatsu/core";
import { binaryExpr, writesBool } from "./binary-ops.js";
import { elementwiseCall } from "./elementwise.js";
import type { KernelCall } from "./shader.js";
import { unsupported } from "./unsupported.js";

type View = backends.View;

/** `out[i] = f(a[i], b[i])`, in out's dtype, or in the inputs' dtype for comparisons and logic (writing bool). */
export function binaryCall(op: backends.BinaryOp, out: View, a: View, b: View): KernelCall | null {
  const bool = writesBool(op);
  const dtype = bool ? a.dtype : out.dtype;
  const expr = binaryExpr(op, dtype, "x0", "x1");
  if (expr === null) throw unsupported("binary", op, dtype);
  return elementwiseCall({ kernel: "binary", op, out, inputs: [a, b], computeIn: [dtype, dtype], exprDType: bool ? "bool" : dtype, expr });
}
