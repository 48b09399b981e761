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

/**
 * One thread per output element walks its reduced elements in order,
 * accumulating in out's dtype. Parameters: the elementwise block of out and
 * `a` over out's shape, then the reduced element count, the reduced extent of
 * each dim (1 where kept) and `a`'s strides.
 */
export function reduceCall(op: ReduceOp, out: View, a: View, axes: readonly number[]): KernelCall | null {
  const numel = numelOf(out.shape);
  if (numel === 0) return null;
  const rank = a.shape.length;
  const extent = a.shape.map((s, d) => (axes.includes(d) ? s : 1));
  const scalars = [numelOf(extent), ...extent, ...a.strides];
  const acc: DType = out.dtype;
  return {
    key: pipelineKey("reduce", op, [out.dtype, a.dtype], rank),
    params: elementwiseParams(out.shape, [out, a], scalars),
    groups: gridFor(numel),
    source: () => {
      const layout = elementwiseLayout(rank, 2);
      const s = (k: number) => layout.scalar(k);
      const [init, step] = ACC[wgslOf(acc).compute]![op];
      const walk: string[] = [];
      for (let d = rank - 1; d >= 0; d--) {
        walk.push(`{ let size = params[${s(1 + d)}]; let c = r % size; r = r / size; off = off + c * params[${s(1 + rank + d)}]; }`);
      }
      const body = [
        "if (i >= params[0]) { return; }",
        offsetCode(layout),
        `var acc = ${init};`,
        `for (var k = 0u; k < params[${s(0)}]; k++) {`,
        "  var r = k;",
        "  var off = o1;",
        `  ${walk.join("\n    ")}`,
        `  let x = ${convertExpr(a.dtype, acc, loadExpr(a.dtype, "in0", "off"))};`,
        `  acc = ${step("acc", "x")};`,
        "}",
        storeStmt(out.dtype, "out", "o0", "acc"),
      ];
      return shaderSource(
        [
          { name: "out", dtype: out.dtype, access: "read_write" },
          { name: "in0", dtype: a.dtype, access: "read" },
        ],
        body.join("\n  "),
      );
    },
  };
}
