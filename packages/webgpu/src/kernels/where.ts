import type { backends } from "@taimatsu/core";
import { elementwiseCall } from "./elementwise.js";
import type { KernelCall } from "./shader.js";

type View = backends.View;

/** `out[i] = cond[i] ? a[i] : b[i]` (cond bool or uint8, non-zero is true). */
export function whereCall(out: View, cond: View, a: View, b: View): KernelCall | null {
  return elementwiseCall({
    kernel: "where",
    op: "where",
    out,
    inputs: [cond, a, b],
    computeIn: ["bool", out.dtype, out.dtype],
    exprDType: out.dtype,
    expr: "select(x2, x1, x0 != 0u)",
  });
}
