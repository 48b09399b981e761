import type { backends, DType } from "@taimatsu/core";
import { convertExpr, loadExpr, storeStmt, wgslOf } from "./dtype-wgsl.js";
import { elementwiseLayout, elementwiseParams, numelOf, offsetCode } from "./params.js";
import { gridFor, pipelineKey, shaderSource, type KernelCall } from "./shader.js";

type View = backends.View;
type ReduceOp = backends.ReduceOp;

/** Initial value and step of each reduction, per compute type. NaN wins max and min. */
const ACC: Record<string, Record<ReduceOp, [string, (acc: string, x: string) => string]>> = {
  f32: {
    sum: ["0.0", (a, x) => `${a} + ${x}`],
    prod: ["1.0", (a, x) => `${a} * ${x}`],
    max: ["-f_inf()", (a, x) => `select(select(${a}, ${x}, ${x} > ${a} || is_nan(${x})), ${a}, is_nan(${a}))`],
    min: ["f_inf()", (a, x) => `select(select(${a}, ${x}, ${x} < ${a} || is_nan(${x})), ${a}, is_nan(${a}))`],
  },
  i32: {
    sum: ["0i", (a, x) => `${a} + ${x}`],
    prod: ["1i", (a, x) => `${a} * ${x}`],
    max: ["bitcast<i32>(0x80000000u)", (a, x) => `max(${a}, ${x})`],
    min: ["0x7fffffffi", (a, x) => `min(${a}, ${x})`],
  },
  u32: {
    sum: ["0u", (a, x) => `${a} + ${x}`],
    prod: ["1u", (a, x) => `${a} * ${x}`],
    max: ["0u", (a, x) => `max(${a}, ${x})`],
    min: ["0xffffffffu", (a, x) => `min(${a}, ${x})`],
  },
  vec2u: {
    sum: ["vec2u(0u)", (a, x) => `i64_add(${a}, ${x})`],
    prod: ["vec2u(1u, 0u)", (a, x) => `i64_mul(${a}, ${x})`],
    max: ["vec2u(0u, 0x80000000u)", (a, x) => `i64_max(${a}, ${x})`],
    min: ["vec2u(0xffffffffu, 0x7fffffffu)", (a, x) => `i64_min(${a}, ${x})`],
  },
};

/** Threads that share one output in the workgroup form (a power of two, for the tree). */
const GROUP = 256;

/**
 * Two forms, chosen by the work per output. With fewer reduced elements than
 * outputs, one thread per output walks its elements in order. Otherwise one
 * workgroup per output: its threads stride over the reduced elements, then
 * combine their partials in a tree in workgroup memory (bias gradients, batch
 * statistics, full reductions). Both accumulate in out's dtype. Parameters:
 * the elementwise block of out and `a` over out's shape, then the reduced
 * element count, the reduced extent of each dim (1 where kept) and `a`'s strides.
 */
export function reduceCall(op: ReduceOp, out: View, a: View, axes: readonly number[]): KernelCall | null {
  const numel = numelOf(out.shape);
  if (numel === 0) return null;
  const rank = a.shape.length;
  const extent = a.shape.map((s, d) => (axes.includes(d) ? s : 1));
  const reduced = numelOf(extent);
  const scalars = [reduced, ...extent, ...a.strides];
  const acc: DType = out.dtype;
  const grouped = reduced > numel;
  return {
    key: pipelineKey("reduce", op, [out.dtype, a.dtype], rank, grouped ? "wg" : ""),
    params: elementwiseParams(out.shape, [out, a], scalars),
    groups: grouped ? gridFor(numel, 1) : gridFor(numel),
    source: () => {
      const layout = elementwiseLayout(rank, 2);
      const s = (k: number) => layout.scalar(k);
      const [init, step] = ACC[wgslOf(acc).compute]![op];
      const walk: string[] = [];
      for (let d = rank - 1; d >= 0; d--) {
        walk.push(`{ let size = params[${s(1 + d)}]; let c = r % size; r = r / size; off = off + c * params[${s(1 + rank + d)}]; }`);
      }
      const accumulate = (start: string, stride: string) => [
        `var acc = ${init};`,
        `for (var k = ${start}; k < params[${s(0)}]; k = k + ${stride}) {`,
        "  var r = k;",
        "  var off = o1;",
        `  ${walk.join("\n    ")}`,
        `  let x = ${convertExpr(a.dtype, acc, loadExpr(a.dtype, "in0", "off"))};`,
        `  acc = ${step("acc", "x")};`,
        "}",
      ];
      const bindings = [
        { name: "out", dtype: out.dtype, access: "read_write" as const },
        { name: "in0", dtype: a.dtype, access: "read" as const },
      ];
      if (!grouped) {
        const body = ["if (i >= params[0]) { return; }", offsetCode(layout), ...accumulate("0u", "1u"), storeStmt(out.dtype, "out", "o0", "acc")];
        return shaderSource(bindings, body.join("\n  "));
      }
      // no early return: the barriers must be reached by the whole workgroup
      const main = [
        "let g = wg.y * nwg.x + wg.x;",
        "let valid = g < params[0];",
        offsetCode(layout, "select(0u, g, valid)"),
        ...accumulate("li", `${GROUP}u`),
        "partial[li] = acc;",
        "workgroupBarrier();",
        `for (var half = ${GROUP / 2}u; half > 0u; half = half >> 1u) {`,
        `  if (li < half) { partial[li] = ${step("partial[li]", "partial[li + half]")}; }`,
        "  workgroupBarrier();",
        "}",
        `if (li == 0u && valid) { ${storeStmt(out.dtype, "out", "o0", "partial[0]")} }`,
      ];
      return shaderSource(bindings, "", {
        workgroup: [GROUP, 1],
        decls: `var<workgroup> partial: array<${wgslOf(acc).compute}, ${GROUP}>;`,
        main: `  ${main.join("\n  ")}`,
      });
    },
  };
}
