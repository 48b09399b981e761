import type { backends } from "@taimatsu/core";
import { scalarWords } from "./dtype-wgsl.js";
import { elementwiseLayout, elementwiseParams, numelOf, offsetCode } from "./params.js";
import { gridFor, pipelineKey, shaderSource, type Binding, type KernelCall } from "./shader.js";

type View = backends.View;

export interface AdamScalars {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
  step: number;
  decoupledWeightDecay: boolean;
}

/**
 * One Adam/AdamW update of a float32 parameter and its state in place,
 * PyTorch 1.13's single-tensor formula with each operation rounded to float32
 * (see `adamStep` in core's fused.ts); the bias corrections are computed once
 * on the host. Scalars (float32 bits): beta1, 1 - beta1, beta2, 1 - beta2, eps,
 * -lr / (1 - beta1^step), sqrt(1 - beta2^step), 1 - lr * weightDecay,
 * weightDecay; then the flags maximize and decoupled.
 */
export function adamCall(param: View, grad: View, expAvg: View, expAvgSq: View, maxExpAvgSq: View | null, a: AdamScalars): KernelCall | null {
  const numel = numelOf(param.shape);
  if (numel === 0) return null;
  const rank = param.shape.length;
  const views = [param, grad, expAvg, expAvgSq, ...(maxExpAvgSq ? [maxExpAvgSq] : [])];
  const f = (x: number) => scalarWords("float32", x)[0]!;
  const scalars = [
    f(a.beta1),
    f(1 - a.beta1),
    f(a.beta2),
    f(1 - a.beta2),
    f(a.eps),
    f(-(a.lr / (1 - a.beta1 ** a.step))),
    f(Math.sqrt(1 - a.beta2 ** a.step)),
    f(1 - a.lr * a.weightDecay),
    f(a.weightDecay),
    a.maximize ? 1 : 0,
    a.decoupledWeightDecay ? 1 : 0,
  ];
  return {
    key: pipelineKey("adam", maxExpAvgSq ? "amsgrad" : "plain", [param.dtype], rank),
    params: elementwiseParams(param.shape, views, scalars),
    groups: gridFor(numel),
    source: () => {
      const layout = elementwiseLayout(rank, views.length);
      const s = (k: number) => `params[${layout.scalar(k)}]`;
      const fs = (k: number) => `bitcast<f32>(${s(k)})`;
      const bindings: Binding[] = [
        { name: "p", dtype: "float32", access: "read_write" },
        { name: "g", dtype: "float32", access: "read" },
        { name: "m", dtype: "float32", access: "read_write" },
        { name: "v", dtype: "float32", access: "read_write" },
      ];
      if (maxExpAvgSq) bindings.push({ name: "vmax", dtype: "float32", access: "read_write" });
      return shaderSource(
        bindings,
        [
          "if (i >= params[0]) { return; }",
          offsetCode(layout),
          "var x = p[o0];",
          `var d = select(g[o1], -g[o1], ${s(9)} == 1u);`,
          `if (${s(10)} == 1u) { x = x * ${fs(7)}; } else if (${fs(8)} != 0.0) { d = d + ${fs(8)} * x; }`,
          `let mk = ${fs(0)} * m[o2] + ${fs(1)} * d;`,
          `let vk = ${fs(2)} * v[o3] + (${fs(3)} * d) * d;`,
          "m[o2] = mk;",
          "v[o3] = vk;",
          "var second = vk;",
          maxExpAvgSq ? "second = select(max(vmax[o4], vk), f_nan(), is_nan(vmax[o4]) || is_nan(vk)); vmax[o4] = second;" : "",
          `let denom = sqrt(second) / ${fs(6)} + ${fs(4)};`,
          `p[o0] = x + (mk * ${fs(5)}) / denom;`,
        ].join("\n  "),
      );
    },
  };
}
