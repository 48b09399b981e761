import { grad } from "../autograd/engine.js";
import { noGrad } from "../autograd/grad-mode.js";
import { isFloatingPoint, type DType } from "../dtype.js";
import { Generator } from "../random/generator.js";
import { numel } from "../shape.js";
import { Tensor } from "../tensor.js";
import { drawValues, representable, seedFor } from "./host-values.js";
import { CONTIGUOUS, type Layout } from "./layouts.js";
import type { InputSpec, OpOutput, OpSpec } from "./op-spec.js";
import type { Target } from "./target.js";

/**
 * Running one case of an op on a target: host inputs in, output tensors and
 * input gradients out. Everything random is seeded from the op's label and
 * the case number, so every backend and layout sees the same numbers.
 */

/** One input of a case, on the host. */
export interface HostInput {
  spec: InputSpec;
  dtype: DType;
  values: Float64Array;
  /** Whether gradients are taken with respect to it. */
  differentiable: boolean;
}

/** Whether an input takes the swept dtype (and the oracle's float64): data and constant inputs do, indices and masks do not. */
function takesSweptDType(spec: InputSpec): boolean {
  return spec.role === undefined || spec.role === "data" || spec.role === "constant";
}

export function inputDType(spec: InputSpec, swept: DType): DType {
  return takesSweptDType(spec) ? (spec.dtype ?? swept) : (spec.dtype ?? "int64");
}

/** The seeded host inputs of case `caseIndex` with data inputs in `dtype`. */
export function drawInputs(op: OpSpec, caseIndex: number, dtype: DType): HostInput[] {
  const g = new Generator(seedFor(op.label, caseIndex, dtype));
  return op.cases[caseIndex]!.map((spec) => {
    const dt = inputDType(spec, dtype);
    const values = spec.values
      ? Float64Array.from(spec.values, (v) => representable(v, dt))
      : drawValues(g, dt, numel(spec.shape), spec.domain ?? op.domain);
    return { spec, dtype: dt, values, differentiable: op.grad && (spec.role ?? "data") === "data" && isFloatingPoint(dt) };
  });
}

/** The same inputs with data inputs widened to float64, for the oracle. */
export function widened(inputs: readonly HostInput[]): HostInput[] {
  return inputs.map((x) => (takesSweptDType(x.spec) ? { ...x, dtype: "float64" } : x));
}

export function outputsOf(result: OpOutput): Tensor[] {
  if (result instanceof Tensor) return [result];
  if (Array.isArray(result) && result.every((t) => t instanceof Tensor)) return [...(result as readonly Tensor[])];
  const pair = result as { values?: unknown; indices?: unknown };
  if (pair?.values instanceof Tensor && pair.indices instanceof Tensor) return [pair.values, pair.indices];
  throw new TypeError(`conformance: an op under test must return a Tensor, an array of Tensors or {values, indices}; got ${String(result)}`);
}

/** Which input arrives in a non-contiguous layout (the others are contiguous). */
export interface LayoutChoice {
  input: number;
  layout: Layout;
}

/** Builds the inputs on `target` (leaves requiring grad when asked) and returns what the op receives. */
function buildInputs(target: Target, inputs: readonly HostInput[], withGrad: boolean, choice?: LayoutChoice): Tensor[] {
  return inputs.map((x, i) => {
    const layout = choice?.input === i ? choice.layout : CONTIGUOUS;
    const { leaf, view } = layout.build(target, x.values, x.spec.shape, x.dtype);
    if (withGrad && x.differentiable) leaf.requiresGrad_();
    return view(leaf);
  });
}

/** Seeded "upstream gradient" for each floating output: backward sees sum(out_k * v_k). */
function upstream(target: Target, op: OpSpec, caseIndex: number, outputs: readonly Tensor[]): (Tensor | null)[] {
  return outputs.map((t, k) => {
    if (!isFloatingPoint(t.dtype)) return null;
    const g = new Generator(seedFor(op.label, caseIndex, "upstream", k));
    return target.tensor(drawValues(g, t.dtype, t.numel()), t.shape, t.dtype);
  });
}

/** Which outputs enter sum_k (out_k * v_k): those carrying gradient, and for finite differences only float64 ones. */
export interface LossOptions {
  /** Keep only outputs that require grad (the analytic side). */
  differentiableOnly?: boolean;
  /** Keep only float64 outputs: central differences through a narrower dtype are mostly rounding noise. */
  float64Only?: boolean;
}

/** sum_k (out_k * v_k).sum() over the selected outputs; null when none is selected. */
function weightedLoss(outputs: readonly Tensor[], weights: readonly (Tensor | null)[], o: LossOptions): Tensor | null {
  let loss: Tensor | null = null;
  for (let k = 0; k < outputs.length; k++) {
    const t = outputs[k]!;
    const w = weights[k];
    if (!w || (o.differentiableOnly && !t.requiresGrad) || (o.float64Only && t.dtype !== "float64")) continue;
    const term = t.mul(w).sum();
    loss = loss ? loss.add(term) : term;
  }
  return loss;
}

export interface EvaluateOptions {
  /** Also take gradients of sum(out * v) with respect to the differentiable inputs. */
  grad?: boolean;
  layout?: LayoutChoice;
  float64Only?: boolean;
}

export interface Evaluation {
  outputs: Tensor[];
  /** Gradient per differentiable input, in input order (null: the output does not depend on it). */
  grads: (Tensor | null)[];
}

/** Runs the op on `target`, and with `o.grad` its backward pass. */
export function evaluate(target: Target, op: OpSpec, caseIndex: number, inputs: readonly HostInput[], o: EvaluateOptions = {}): Evaluation {
  return target.run(() => {
    const views = buildInputs(target, inputs, !!o.grad, o.layout);
    const outputs = outputsOf(op.fn(...views));
    if (!o.grad) return { outputs, grads: [] };
    const wrt = views.filter((_, i) => inputs[i]!.differentiable);
    const loss = weightedLoss(outputs, upstream(target, op, caseIndex, outputs), { differentiableOnly: true, float64Only: o.float64Only });
    if (!loss || !wrt.length) return { outputs, grads: wrt.map(() => null) };
    return { outputs, grads: grad(loss, wrt, { allowUnused: true }) };
  });
}

/** sum(out * v) without autograd, for finite differences. */
export function lossValue(target: Target, op: OpSpec, caseIndex: number, inputs: readonly HostInput[]): Tensor | null {
  return target.run(() =>
    noGrad(() => {
      const outputs = outputsOf(op.fn(...buildInputs(target, inputs, false)));
      return weightedLoss(outputs, upstream(target, op, caseIndex, outputs), { float64Only: true });
    }),
  );
}
