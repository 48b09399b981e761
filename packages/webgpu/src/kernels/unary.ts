import type { backends } from "@taimatsu/core";
import { elementwiseCall } from "./elementwise.js";
import type { KernelCall } from "./shader.js";
import { unaryExpr } from "./unary-ops.js";
import { unsupported } from "./unsupported.js";

type View = backends.View;

/** `out[i] = f(a[i])`; identity converts between dtypes, logicalNot and isnan write bool. */
export function unaryCall(op: backends.UnaryOp, out: View, a: View): KernelCall | null {
  const computeIn = op === "identity" ? out.dtype : a.dtype;
  const expr = unaryExpr(op, computeIn, "x0");
  if (expr === null) throw unsupported("unary", op, a.dtype);
  const exprDType = op === "logicalNot" || op === "isnan" ? "bool" : computeIn;
  return elementwiseCall({ kernel: "unary", op, out, inputs: [a], computeIn: [computeIn], exprDType, expr });
}
