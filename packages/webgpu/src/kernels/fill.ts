import type { backends } from "@taimatsu/core";
import { scalarWords, wgslOf } from "./dtype-wgsl.js";
import { elementwiseCall } from "./elementwise.js";
import type { KernelCall } from "./shader.js";

type View = backends.View;

const VALUE = { f32: "bitcast<f32>(s0)", i32: "bitcast<i32>(s0)", u32: "s0", vec2u: "vec2u(s0, s1)" } as const;

/** Every element of `out` = `value` converted to out's dtype (on the host, as identity would). */
export function fillCall(out: View, value: number): KernelCall | null {
  return elementwiseCall({
    kernel: "fill",
    op: "fill",
    out,
    inputs: [],
    computeIn: [],
    exprDType: out.dtype,
    expr: VALUE[wgslOf(out.dtype).compute],
    scalars: scalarWords(out.dtype, value),
  });
}
