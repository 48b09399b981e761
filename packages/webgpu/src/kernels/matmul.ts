import type { backends } from "@taimatsu/core";
import { arithmetic } from "./arithmetic.js";
import { loadExpr, storeStmt, wgslOf } from "./dtype-wgsl.js";
import { numelOf } from "./params.js";
import { pipelineKey, shaderSource, type KernelCall } from "./shader.js";

type View = backends.View;

const TILE = 16;

/**
 * Batched matmul, tiled: each 16x16 workgroup computes a 16x16 block of
 * out, staging 16x16 tiles of `a` and `b` in workgroup memory along K.
 * Workgroup z is the batch index. Parameters:
 *   [M, K, N, then per view (out, a, b): offset, batch strides[B], row stride, column stride, then batch shape[B]]
 */
export function matmulCall(out: View, a: View, b: View): KernelCall | null {
  const rank = out.shape.length;
  const batchRank = rank - 2;
  const [M, N] = [out.shape[rank - 2]!, out.shape[rank - 1]!];
  const K = a.shape[rank - 1]!;
  const batch = numelOf(out.shape.slice(0, batchRank));
  if (M * N * batch === 0) return null;
  if (batch > 65535) throw new RangeError(`matmul: the webgpu backend handles at most 65535 batch entries in one call, got ${batch}`);
  const views = [out, a, b];
  const params = [M, K, N, ...views.flatMap((v) => [v.offset, ...v.strides]), ...out.shape.slice(0, batchRank)];
  const viewBase = (v: number) => 3 + v * (rank + 1);
  const shapeBase = 3 + 3 * (rank + 1);
  return {
    key: pipelineKey("matmul", "matmul", [out.dtype, a.dtype, b.dtype], rank),
    params: Uint32Array.from(params),
    groups: [Math.ceil(N / TILE), Math.ceil(M / TILE)],
    batch,
    source: () => {
      const t = wgslOf(out.dtype).compute;
      const { zero, add, mul } = arithmetic(out.dtype);
      const batchCode: string[] = ["var rem = wg.z;"];
      for (let v = 0; v < 3; v++) batchCode.push(`var o${v} = params[${viewBase(v)}];`);
      for (let d = batchRank - 1; d >= 0; d--) {
        batchCode.push(`{ let size = params[${shapeBase + d}]; let c = rem % size; rem = rem / size;`);
        for (let v = 0; v < 3; v++) batchCode.push(`  o${v} = o${v} + c * params[${viewBase(v) + 1 + d}];`);
        batchCode.push("}");
      }
      const rs = (v: number) => `params[${viewBase(v) + 1 + batchRank}]`;
      const cs = (v: number) => `params[${viewBase(v) + 2 + batchRank}]`;
      return shaderSource(
        [
          { name: "out", dtype: out.dtype, access: "read_write" },
          { name: "in0", dtype: a.dtype, access: "read" },
          { name: "in1", dtype: b.dtype, access: "read" },
        ],
        "",
        {
          workgroup: [TILE, TILE],
          decls: `var<workgroup> ta: array<array<${t}, ${TILE}>, ${TILE}>;\nvar<workgroup> tb: array<array<${t}, ${TILE}>, ${TILE}>;`,
          main: `
  let M = params[0]; let K = params[1]; let N = params[2];
  ${batchCode.join("\n  ")}
  let row = wg.y * ${TILE}u + lid.y;
  let col = wg.x * ${TILE}u + lid.x;
  var acc = ${zero};
  for (var t0 = 0u; t0 < K; t0 = t0 + ${TILE}u) {
    let ka = t0 + lid.x;
    if (row < M && ka < K) { ta[lid.y][lid.x] = ${loadExpr(a.dtype, "in0", `o1 + row * ${rs(1)} + ka * ${cs(1)}`)}; } else { ta[lid.y][lid.x] = ${zero}; }
    let kb = t0 + lid.y;
    if (kb < K && col < N) { tb[lid.y][lid.x] = ${loadExpr(b.dtype, "in1", `o2 + kb * ${rs(2)} + col * ${cs(2)}`)}; } else { tb[lid.y][lid.x] = ${zero}; }
    workgroupBarrier();
    for (var k = 0u; k < ${TILE}u; k = k + 1u) { acc = ${add("acc", mul("ta[lid.y][k]", "tb[k][lid.x]"))}; }
    workgroupBarrier();
  }
  if (row < M && col < N) { ${storeStmt(out.dtype, "out", `o0 + row * ${rs(0)} + col * ${cs(0)}`, "acc")} }`,
        },
      );
    },
  };
}
