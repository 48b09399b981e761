import type { backends } from "@taimatsu/core";
import { arithmetic } from "./arithmetic.js";
import { convertExpr, loadExpr, scalarWords, storeStmt, wgslOf } from "./dtype-wgsl.js";
import { elementwiseLayout, elementwiseParams, numelOf, offsetCode } from "./params.js";
import { gridFor, pipelineKey, shaderSource, type KernelCall } from "./shader.js";

type View = backends.View;
type Window2d = backends.Window2d;

const windowWords = (w: Window2d) => [...w.kernel, ...w.stride, ...w.padding, ...w.dilation];

/**
 * im2col: one thread per element of out [N, C, kH, kW, oH, oW], reading
 * input[n][c][y*sH - pH + ki*dH][x*sW - pW + kj*dW] or `padValue` outside.
 * Scalars: input offset and strides[4], H, W, the window (8 words), the pad value's words.
 */
export function unfold2dCall(out: View, input: View, window: Window2d, padValue: number): KernelCall | null {
  const numel = numelOf(out.shape);
  if (numel === 0) return null;
  const pad = scalarWords(out.dtype, padValue);
  const scalars = [input.offset, ...input.strides, input.shape[2]!, input.shape[3]!, ...windowWords(window), ...pad];
  return {
    key: pipelineKey("unfold2d", "unfold2d", [out.dtype, input.dtype], 6),
    params: elementwiseParams(out.shape, [out], scalars),
    groups: gridFor(numel),
    source: () => {
      const layout = elementwiseLayout(6, 1);
      const s = (k: number) => `params[${layout.scalar(k)}]`;
      const si = (k: number) => `i32(${s(k)})`;
      const padValue = { f32: `bitcast<f32>(${s(15)})`, i32: `bitcast<i32>(${s(15)})`, u32: s(15), vec2u: `vec2u(${s(15)}, ${s(16)})` }[
        wgslOf(out.dtype).compute
      ];
      return shaderSource(
        [
          { name: "out", dtype: out.dtype, access: "read_write" },
          { name: "in0", dtype: input.dtype, access: "read" },
        ],
        [
          "if (i >= params[0]) { return; }",
          offsetCode(layout, "i", true),
          // c0..c5 = n, c, ki, kj, y, x
          `let iy = i32(c4) * ${si(9)} - ${si(11)} + i32(c2) * ${si(13)};`,
          `let ix = i32(c5) * ${si(10)} - ${si(12)} + i32(c3) * ${si(14)};`,
          `var v = ${padValue};`,
          `if (iy >= 0 && ix >= 0 && iy < ${si(5)} && ix < ${si(6)}) {`,
          `  v = ${convertExpr(input.dtype, out.dtype, loadExpr(input.dtype, "in0", `${s(0)} + c0 * ${s(1)} + c1 * ${s(2)} + u32(iy) * ${s(3)} + u32(ix) * ${s(4)}`))};`,
          "}",
          storeStmt(out.dtype, "out", "o0", "v"),
        ].join("\n  "),
      );
    },
  };
}

/**
 * col2im: one thread per element of out [N, C, H, W] sums the columns that
 * unfold2d read from it (no atomics, so the sum is deterministic).
 * Scalars: cols offset and strides[6], oH, oW, the window (8 words).
 */
export function fold2dCall(out: View, cols: View, window: Window2d): KernelCall | null {
  const numel = numelOf(out.shape);
  if (numel === 0) return null;
  const scalars = [cols.offset, ...cols.strides, cols.shape[4]!, cols.shape[5]!, ...windowWords(window)];
  return {
    key: pipelineKey("fold2d", "fold2d", [out.dtype, cols.dtype], 4),
    params: elementwiseParams(out.shape, [out], scalars),
    groups: gridFor(numel),
    source: () => {
      const layout = elementwiseLayout(4, 1);
      const s = (k: number) => `params[${layout.scalar(k)}]`;
      const si = (k: number) => `i32(${s(k)})`;
      const { zero, add } = arithmetic(out.dtype);
      const load = convertExpr(
        cols.dtype,
        out.dtype,
        loadExpr(cols.dtype, "in0", `${s(0)} + c0 * ${s(1)} + c1 * ${s(2)} + ki * ${s(3)} + kj * ${s(4)} + u32(y) * ${s(5)} + u32(x) * ${s(6)}`),
      );
      return shaderSource(
        [
          { name: "out", dtype: out.dtype, access: "read_write" },
          { name: "in0", dtype: cols.dtype, access: "read" },
        ],
        [
          "if (i >= params[0]) { return; }",
          offsetCode(layout, "i", true),
          `var acc = ${zero};`,
          `for (var ki = 0u; ki < ${s(9)}; ki = ki + 1u) {`,
          `  let ty = i32(c2) + ${si(13)} - i32(ki) * ${si(15)};`,
          `  if (ty < 0 || ty % ${si(11)} != 0) { continue; }`,
          `  let y = ty / ${si(11)};`,
          `  if (y >= ${si(7)}) { continue; }`,
          `  for (var kj = 0u; kj < ${s(10)}; kj = kj + 1u) {`,
          `    let tx = i32(c3) + ${si(14)} - i32(kj) * ${si(16)};`,
          `    if (tx < 0 || tx % ${si(12)} != 0) { continue; }`,
          `    let x = tx / ${si(12)};`,
          `    if (x >= ${si(8)}) { continue; }`,
          `    acc = ${add("acc", load)};`,
          "  }",
          "}",
          storeStmt(out.dtype, "out", "o0", "acc"),
        ].join("\n  "),
      );
    },
  };
}
