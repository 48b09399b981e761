import type { backends, DType } from "@taimatsu/core";
import { arithmetic } from "./arithmetic.js";
import { convertExpr, loadExpr, storeStmt, wgslOf } from "./dtype-wgsl.js";
import { elementwiseLayout, elementwiseParams, numelOf, offsetCode } from "./params.js";
import { gridFor, pipelineKey, shaderSource, type Binding, type KernelCall } from "./shader.js";

type View = backends.View;

/**
 * Kernels that walk whole lines along one axis, one thread per line:
 * argReduce, scan and sort. The views are indexed over the shape with the
 * axis set to 1 (the lines' first elements); each line's stride travels as a scalar.
 */
export function lineShape(shape: readonly number[], axis: number): number[] {
  return shape.map((s, d) => (d === axis ? 1 : s));
}

/** `x` comes after `y` in ascending order: greater, with NaN above every number. */
function greater(dtype: DType, x: string, y: string): string {
  const t = wgslOf(dtype).compute;
  if (t === "f32") return `((is_nan(${x}) && !is_nan(${y})) || ${x} > ${y})`;
  if (t === "vec2u") return `i64_lt(${y}, ${x})`;
  return `(${x} > ${y})`;
}

export function lineCall(
  kernel: string,
  op: string,
  views: View[],
  shape: number[],
  axis: number,
  dtypes: DType[],
  scalars: number[],
  body: (s: (k: number) => string) => string,
  bindings: Binding[],
): KernelCall | null {
  const lines = numelOf(shape);
  if (lines === 0 || views.some((v) => numelOf(v.shape) === 0)) return null;
  const rank = shape.length;
  const layout = elementwiseLayout(rank, views.length);
  return {
    key: pipelineKey(kernel, op, dtypes, rank),
    params: elementwiseParams(shape, views, scalars),
    groups: gridFor(lines),
    source: () => shaderSource(bindings, ["if (i >= params[0]) { return; }", offsetCode(layout), body((k) => `params[${layout.scalar(k)}]`)].join("\n  ")),
  };
}

/** argmax/argmin along `axis`: the first index of the extreme; a NaN is the extreme (the first one wins). */
export function argReduceCall(op: "argmax" | "argmin", out: View, a: View, axis: number): KernelCall | null {
  const shape = lineShape(a.shape, axis);
  const t = a.dtype;
  const better = op === "argmax" ? greater(t, "x", "best") : greater(t, "best", "x").replace(/is_nan\(best\) && !is_nan\(x\)/, "is_nan(x) && !is_nan(best)");
  const stopAtNaN = wgslOf(t).compute === "f32" ? "if (is_nan(best)) { break; }" : "";
  return lineCall(
    "argReduce",
    op,
    [out, { ...a, shape }],
    shape,
    axis,
    [out.dtype, a.dtype],
    [a.shape[axis]!, a.strides[axis]!],
    (s) => `var best = ${loadExpr(t, "in0", "o1")};
  var bi = 0u;
  for (var k = 1u; k < ${s(0)}; k = k + 1u) {
    ${stopAtNaN}
    let x = ${loadExpr(t, "in0", `o1 + k * ${s(1)}`)};
    if (${better}) { best = x; bi = k; }
  }
  ${storeStmt(out.dtype, "out", "o0", convertExpr("int32", out.dtype, "i32(bi)"))}`,
    [
      { name: "out", dtype: out.dtype, access: "read_write" },
      { name: "in0", dtype: a.dtype, access: "read" },
    ],
  );
}

/**
 * Inclusive scans along `axis`, in out's dtype. max/min also write the
 * running extreme's position: an equal later element takes over, and a NaN
 * takes over and holds until the next NaN.
 */
export function scanCall(op: backends.ScanOp, out: View, a: View, axis: number, indices: View | null): KernelCall | null {
  const shape = lineShape(a.shape, axis);
  const t = out.dtype;
  const { zero, one, add, mul } = arithmetic(t);
  const isFloat = wgslOf(t).compute === "f32";
  const x = convertExpr(a.dtype, t, loadExpr(a.dtype, "in0", `o1 + k * ${"S1"}`));
  let step: string;
  let init = zero;
  if (op === "sum") step = `acc = ${add("acc", "x")};`;
  else if (op === "prod") {
    init = one;
    step = `acc = ${mul("acc", "x")};`;
  } else if (op === "logsumexp") {
    init = "-f_inf()";
    step = "acc = f_logaddexp(acc, x);";
  } else {
    const takes = op === "max" ? greater(t, "x", "acc") : greater(t, "acc", "x").replace(/is_nan\(acc\) && !is_nan\(x\)/, "is_nan(x) && !is_nan(acc)");
    const equal = wgslOf(t).compute === "vec2u" ? "i64_eq(x, acc)" : "x == acc";
    const nanHold = isFloat ? "is_nan(x) || (!is_nan(acc) && " : "(";
    step = `if (k == 0u || ${nanHold}(${takes} || ${equal}))) { acc = x; ai = k; }
    ${storeStmt("int64", "ind", `o2 + k * ${"S3"}`, "vec2u(ai, 0u)")}`;
  }
  const views: View[] = [out, { ...a, shape }];
  const bindings: Binding[] = [
    { name: "out", dtype: out.dtype, access: "read_write" },
    { name: "in0", dtype: a.dtype, access: "read" },
  ];
  const scalars = [a.shape[axis]!, a.strides[axis]!, out.strides[axis]!];
  if (indices) {
    views.push({ ...indices, shape });
    bindings.push({ name: "ind", dtype: indices.dtype, access: "read_write" });
    scalars.push(indices.strides[axis]!);
  }
  return lineCall(
    "scan",
    op,
    views,
    shape,
    axis,
    [out.dtype, a.dtype],
    scalars,
    (s) =>
      `var acc = ${init};
  var ai = 0u;
  for (var k = 0u; k < ${s(0)}; k = k + 1u) {
    let x = ${x.replaceAll("S1", s(1))};
    ${step.replaceAll("S3", s(3))}
    ${storeStmt(out.dtype, "out", `o0 + k * ${s(2)}`, "acc")}
  }`,
    bindings,
  );
}

/**
 * Stable sort of each line (insertion sort in place in `values`, for the
 * short lines of tests and small tensors): NaN above every number, equal
 * elements in input order in both directions.
 */
export function sortCall(values: View, indices: View, a: View, axis: number, descending: boolean): KernelCall | null {
  const shape = lineShape(a.shape, axis);
  const t = a.dtype;
  const before = descending ? greater(t, "key", "prev") : greater(t, "prev", "key");
  return lineCall(
    "sort",
    descending ? "descending" : "ascending",
    [values, indices, { ...a, shape }].map((v) => ({ ...v, shape })),
    shape,
    axis,
    [values.dtype, indices.dtype],
    [a.shape[axis]!, values.strides[axis]!, indices.strides[axis]!, a.strides[axis]!],
    (s) => `let n = ${s(0)};
  for (var k = 0u; k < n; k = k + 1u) {
    ${storeStmt(t, "vals", `o0 + k * ${s(1)}`, loadExpr(t, "in0", `o2 + k * ${s(3)}`))}
    ${storeStmt("int64", "ind", `o1 + k * ${s(2)}`, "vec2u(k, 0u)")}
  }
  for (var k = 1u; k < n; k = k + 1u) {
    let key = ${loadExpr(t, "vals", `o0 + k * ${s(1)}`)};
    let key_index = ${loadExpr("int64", "ind", `o1 + k * ${s(2)}`)};
    var j = k;
    loop {
      if (j == 0u) { break; }
      let prev = ${loadExpr(t, "vals", `o0 + (j - 1u) * ${s(1)}`)};
      if (!(${before})) { break; }
      ${storeStmt(t, "vals", `o0 + j * ${s(1)}`, "prev")}
      ${storeStmt("int64", "ind", `o1 + j * ${s(2)}`, loadExpr("int64", "ind", `o1 + (j - 1u) * ${s(2)}`))}
      j = j - 1u;
    }
    ${storeStmt(t, "vals", `o0 + j * ${s(1)}`, "key")}
    ${storeStmt("int64", "ind", `o1 + j * ${s(2)}`, "key_index")}
  }`,
    [
      { name: "vals", dtype: values.dtype, access: "read_write" },
      { name: "ind", dtype: indices.dtype, access: "read_write" },
      { name: "in0", dtype: a.dtype, access: "read" },
    ],
  );
}
