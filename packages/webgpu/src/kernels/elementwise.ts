import type { backends, DType } from "@taimatsu/core";
import { convertExpr, loadExpr, storeStmt } from "./dtype-wgsl.js";
import { elementwiseLayout, elementwiseParams, numelOf, offsetCode } from "./params.js";
import { gridFor, pipelineKey, shaderSource, type Binding, type KernelCall } from "./shader.js";

type View = backends.View;

/**
 * One thread per element of `out`: loads each input through its strides,
 * converts it to `computeIn[k]`'s compute type, evaluates `expr` (which sees
 * `x0, x1, ...` and the scalar words `s0, s1, ...`) and stores the result,
 * produced in `exprDType`'s compute type, converted to out's dtype.
 */
export interface ElementwiseSpec {
  kernel: string;
  op: string;
  out: View;
  inputs: readonly View[];
  /** The dtype each input is converted to before `expr`. */
  computeIn: readonly DType[];
  /** The dtype whose compute type `expr` yields. */
  exprDType: DType;
  expr: string;
  scalars?: readonly number[];
}

/** Ranks 0-2 run as rank 2 and 3-4 as rank 4 (leading dims of size 1), so fewer pipelines serve the common ranks. */
export function rankBucket(rank: number): number {
  return rank <= 2 ? 2 : Math.max(4, rank);
}

/** `v` with leading dims of size 1 (stride 0) up to `rank`. */
export function padRank(v: View, rank: number): View {
  const extra = rank - v.shape.length;
  if (extra <= 0) return v;
  return { ...v, shape: [...new Array<number>(extra).fill(1), ...v.shape], strides: [...new Array<number>(extra).fill(0), ...v.strides] };
}

export function elementwiseCall(spec: ElementwiseSpec): KernelCall | null {
  const rank = rankBucket(spec.out.shape.length);
  const out = padRank(spec.out, rank);
  const inputs = spec.inputs.map((v) => padRank(v, rank));
  const numel = numelOf(out.shape);
  if (numel === 0) return null;
  const scalars = spec.scalars ?? [];
  const dtypes = [out.dtype, ...inputs.map((v) => v.dtype), ...spec.computeIn, spec.exprDType];
  const key = pipelineKey(spec.kernel, spec.op, dtypes, rank, `s${scalars.length}`);
  return {
    key,
    params: elementwiseParams(out.shape, [out, ...inputs], scalars),
    groups: gridFor(numel),
    source: () => {
      const layout = elementwiseLayout(rank, inputs.length + 1);
      const bindings: Binding[] = [{ name: "out", dtype: out.dtype, access: "read_write" }];
      inputs.forEach((v, k) => bindings.push({ name: `in${k}`, dtype: v.dtype, access: "read" }));
      const lines = [`if (i >= params[0]) { return; }`, offsetCode(layout)];
      inputs.forEach((v, k) => lines.push(`let x${k} = ${convertExpr(v.dtype, spec.computeIn[k]!, loadExpr(v.dtype, `in${k}`, `o${k + 1}`))};`));
      scalars.forEach((_, s) => lines.push(`let s${s} = params[${layout.scalar(s)}];`));
      lines.push(storeStmt(out.dtype, "out", "o0", convertExpr(spec.exprDType, out.dtype, spec.expr)));
      return shaderSource(bindings, lines.join("\n  "));
    },
  };
}
