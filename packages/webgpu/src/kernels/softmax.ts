import type { backends } from "@taimatsu/core";
import { loadExpr, storeStmt } from "./dtype-wgsl.js";
import { lineCall, lineShape } from "./lines.js";
import type { KernelCall } from "./shader.js";

type View = backends.View;

/**
 * softmax or logSoftmax (float32) along `dim`, one thread per line: the
 * line's max, the sum of exp(x - max), then each output. A NaN makes the
 * line's max NaN and so every output of the line, as in PyTorch.
 */
export function softmaxCall(log: boolean, out0: View, a0: View, dim: number): KernelCall | null {
  // a 0-dim tensor is a line of one element
  const asLine = (v: View): View => (v.shape.length === 0 ? { ...v, shape: [1], strides: [1] } : v);
  const [out, a] = [asLine(out0), asLine(a0)];
  const shape = lineShape(a.shape, dim);
  const x = (k: string) => loadExpr(a.dtype, "in0", `o1 + ${k} * STRIDE`);
  return lineCall(
    "softmax",
    log ? "log" : "plain",
    [out, { ...a, shape }].map((v) => ({ ...v, shape })),
    shape,
    dim,
    [out.dtype, a.dtype],
    [a.shape[dim]!, a.strides[dim]!, out.strides[dim]!],
    (s) => {
      const load = (k: string) => x(k).replaceAll("STRIDE", s(1));
      const result = log ? "v - m - log(total)" : "exp(v - m) / total";
      return `let n = ${s(0)};
  var m = -f_inf();
  for (var k = 0u; k < n; k = k + 1u) {
    let v = ${load("k")};
    if (is_nan(v) || is_nan(m)) { m = f_nan(); } else { m = max(m, v); }
  }
  var total = 0.0;
  for (var k = 0u; k < n; k = k + 1u) { total = total + exp(${load("k")} - m); }
  for (var k = 0u; k < n; k = k + 1u) {
    let v = ${load("k")};
    ${storeStmt(out.dtype, "out", `o0 + k * ${s(2)}`, result)}
  }`;
    },
    [
      { name: "out", dtype: out.dtype, access: "read_write" },
      { name: "in0", dtype: a.dtype, access: "read" },
    ],
  );
}
