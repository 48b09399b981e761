import type { backends } from "@taimatsu/core";
import { scalarWords } from "./dtype-wgsl.js";
import { elementwiseLayout, elementwiseParams, numelOf, offsetCode } from "./params.js";
import { gridFor, pipelineKey, shaderSource, type Binding, type KernelCall } from "./shader.js";

type View = backends.View;

export interface SgdScalars {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
  firstStep: boolean;
}

/**
 * One SGD update of a float32 parameter in place, PyTorch 1.13's formula
 * with each operation rounded to float32 (see `sgdStep` in core's fused.ts):
 *   d = (maximize ? -grad : grad) + weightDecay * param
 *   buf = firstStep ? d : momentum * buf + (1 - dampening) * d;  d = nesterov ? d + momentum * buf : buf
 *   param -= lr * d
 * Scalars: lr, momentum, 1 - dampening, weightDecay (float32 bits), then flags maximize, nesterov, firstStep.
 */
export function sgdCall(param: View, grad: View, buffer: View | null, a: SgdScalars): KernelCall | null {
  const numel = numelOf(param.shape);
  if (numel === 0) return null;
  const rank = param.shape.length;
  const views = buffer ? [param, grad, buffer] : [param, grad];
  const f = (x: number) => scalarWords("float32", x)[0]!;
  const scalars = [f(a.lr), f(a.momentum), f(1 - a.dampening), f(a.weightDecay), a.maximize ? 1 : 0, a.nesterov ? 1 : 0, a.firstStep ? 1 : 0];
  return {
    key: pipelineKey("sgd", buffer ? "momentum" : "plain", [param.dtype], rank),
    params: elementwiseParams(param.shape, views, scalars),
    groups: gridFor(numel),
    source: () => {
      const layout = elementwiseLayout(rank, views.length);
      const s = (k: number) => `params[${layout.scalar(k)}]`;
      const fs = (k: number) => `bitcast<f32>(${s(k)})`;
      const bindings: Binding[] = [
        { name: "p", dtype: "float32", access: "read_write" },
        { name: "g", dtype: "float32", access: "read" },
      ];
      if (buffer) bindings.push({ name: "buf", dtype: "float32", access: "read_write" });
      const momentum = buffer
        ? `{
    var b = d;
    if (${s(6)} == 0u) { b = ${fs(1)} * buf[o2] + ${fs(2)} * d; }
    buf[o2] = b;
    if (${s(5)} == 1u) { d = d + ${fs(1)} * b; } else { d = b; }
  }`
        : "";
      return shaderSource(
        bindings,
        [
          "if (i >= params[0]) { return; }",
          offsetCode(layout),
          "let x = p[o0];",
          `var d = select(g[o1], -g[o1], ${s(4)} == 1u);`,
          `if (${fs(3)} != 0.0) { d = d + ${fs(3)} * x; }`,
          momentum,
          `p[o0] = x - ${fs(0)} * d;`,
        ].join("\n  "),
      );
    },
  };
}
