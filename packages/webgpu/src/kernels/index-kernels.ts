import type { backends, DType } from "@taimatsu/core";
import { arithmetic } from "./arithmetic.js";
import { loadExpr, storeStmt } from "./dtype-wgsl.js";
import { elementwiseLayout, elementwiseParams, numelOf, offsetCode } from "./params.js";
import { gridFor, pipelineKey, shaderSource, type Binding, type KernelCall } from "./shader.js";

type View = backends.View;

/** A view with its stride on `dim` zeroed and its shape replaced: the base offsets of the lines through `dim`. */
function base(v: View, shape: readonly number[], dim: number): View {
  return { ...v, shape, strides: v.strides.map((s, d) => (d === dim ? 0 : s)) };
}

/** The index at `o` as an int64 pair (int32 indices are sign-extended, so negatives are out of range). */
function indexExpr(index: View, o: string): string {
  const load = loadExpr(index.dtype, "idx", o);
  return index.dtype === "int64" ? load : `i64_from_i32(${load})`;
}

/** Identifies an index check in an error report: the op, the dim and its size. */
export interface IndexSite {
  op: string;
  dim: number;
  size: number;
}

/**
 * `out[p] = src[p with dim replaced by index[p]]`. An index out of range
 * is reported (deferred) and its element left 0.
 */
export function gatherCall(out: View, src: View, dim: number, index: View, site: (s: IndexSite) => number): KernelCall | null {
  const numel = numelOf(out.shape);
  if (numel === 0) return null;
  const rank = out.shape.length;
  const size = src.shape[dim]!;
  const scalars = [size, src.strides[dim]!, site({ op: "gather", dim, size })];
  return {
    key: pipelineKey("gather", "gather", [out.dtype, index.dtype], rank),
    params: elementwiseParams(out.shape, [out, index, base(src, out.shape, dim)], scalars),
    groups: gridFor(numel),
    errors: true,
    source: () => {
      const layout = elementwiseLayout(rank, 3);
      const s = (k: number) => `params[${layout.scalar(k)}]`;
      const { zero } = arithmetic(out.dtype);
      return shaderSource(
        [
          { name: "out", dtype: out.dtype, access: "read_write" },
          { name: "idx", dtype: index.dtype, access: "read" },
          { name: "src", dtype: src.dtype, access: "read" },
        ],
        [
          "if (i >= params[0]) { return; }",
          offsetCode(layout),
          `let j = ${indexExpr(index, "o1")};`,
          `var v = ${zero};`,
          `if (j.y != 0u || j.x >= ${s(0)}) { report_index_error(${s(2)}, j); } else { v = ${loadExpr(src.dtype, "src", `o2 + j.x * ${s(1)}`)}; }`,
          storeStmt(out.dtype, "out", "o0", "v"),
        ].join("\n  "),
        { errors: true },
      );
    },
  };
}

/** How scatter-add updates one element: a CAS loop (float32), an atomic add (int32), or one thread doing all (others). */
function addMode(dtype: DType): "cas" | "atomic" | "serial" {
  return dtype === "float32" ? "cas" : dtype === "int32" ? "atomic" : "serial";
}

/**
 * In place on `out`: for every position p of `index`, `out[p with dim
 * replaced by index[p]]` (=|+=) `src[p]`. Indices out of range are reported
 * (deferred) and skipped. Float and int32 adds run in parallel on atomics;
 * other dtypes add in one thread, in order.
 */
export function scatterCall(out: View, dim: number, index: View, src: View, mode: "assign" | "add", site: (s: IndexSite) => number): KernelCall | null {
  const numel = numelOf(index.shape);
  if (numel === 0) return null;
  const rank = index.shape.length;
  const size = out.shape[dim]!;
  const how = mode === "assign" ? "assign" : addMode(out.dtype);
  const scalars = [size, out.strides[dim]!, site({ op: "scatter", dim, size })];
  const srcView: View = { ...src, shape: index.shape };
  return {
    key: pipelineKey("scatter", how, [out.dtype, index.dtype], rank),
    params: elementwiseParams(index.shape, [base(out, index.shape, dim), index, srcView], scalars),
    groups: how === "serial" ? [1, 1] : gridFor(numel),
    errors: true,
    source: () => {
      const layout = elementwiseLayout(rank, 3);
      const s = (k: number) => `params[${layout.scalar(k)}]`;
      const value = loadExpr(src.dtype, "src", "o2");
      let update: string;
      if (how === "assign") update = storeStmt(out.dtype, "out", "t", value);
      else if (how === "atomic") update = `atomicAdd(&out[t], ${value});`;
      else if (how === "cas") {
        update = `var old = atomicLoad(&out[t]);
    loop {
      let r = atomicCompareExchangeWeak(&out[t], old, bitcast<u32>(bitcast<f32>(old) + ${value}));
      if (r.exchanged) { break; }
      old = r.old_value;
    }`;
      } else update = storeStmt(out.dtype, "out", "t", arithmetic(out.dtype).add(loadExpr(out.dtype, "out", "t"), value));
      const step = [
        `let j = ${indexExpr(index, "o1")};`,
        `if (j.y != 0u || j.x >= ${s(0)}) { report_index_error(${s(2)}, j); } else {`,
        `  let t = o0 + j.x * ${s(1)};`,
        `  ${update}`,
        "}",
      ];
      const body =
        how === "serial"
          ? ["if (i != 0u) { return; }", "for (var k = 0u; k < params[0]; k = k + 1u) {", offsetCode(layout, "k"), ...step, "}"]
          : ["if (i >= params[0]) { return; }", offsetCode(layout), ...step];
      // the CAS loop works on the float's bits: bind out as u32 atomics
      const outBinding: Binding =
        how === "cas"
          ? { name: "out", dtype: "bool", access: "read_write", atomic: true }
          : { name: "out", dtype: out.dtype, access: "read_write", atomic: how === "atomic" };
      return shaderSource(
        [outBinding, { name: "idx", dtype: index.dtype, access: "read" }, { name: "src", dtype: src.dtype, access: "read" }],
        body.join("\n  "),
        { errors: true },
      );
    },
  };
}
