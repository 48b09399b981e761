import type { Tensor } from "../../tensor.js";
import type { ConformanceCase, SuiteContext } from "../case.js";
import { Mismatches } from "../compare.js";
import { describeError, describeInputs } from "../describe-case.js";
import { drawInputs, evaluate, lossValue, type HostInput } from "../evaluate.js";
import { observeGrad } from "./grads.js";
import type { OpSpec } from "../op-spec.js";
import type { Target } from "../target.js";
import { FINITE_DIFFERENCE } from "../tolerance.js";

/**
 * The analytic gradient of sum(out * v) against central differences of the
 * forward pass, in float64 on the backend under test. This is what checks
 * the backward formulas themselves, including on the reference backend.
 */
export function finiteDifferenceCase(ctx: SuiteContext, op: OpSpec): ConformanceCase {
  return {
    path: ["ops", op.label],
    name: "gradient float64 vs finite differences",
    run: async () => {
      const m = new Mismatches();
      for (let c = 0; c < op.cases.length; c++) await checkCase(ctx.target, op, c, drawInputs(op, c, "float64"), m);
      m.throwIfAny(`${op.label} gradient vs finite differences on ${ctx.target.name}`);
    },
  };
}

async function scalar(t: Tensor | null): Promise<number> {
  return t ? Number((await t.data())[0]) : 0;
}

/** d loss / d input[i][j] by central differences. */
async function numeric(target: Target, op: OpSpec, c: number, inputs: readonly HostInput[], i: number, j: number): Promise<number> {
  const { eps } = FINITE_DIFFERENCE;
  const at = async (delta: number) => {
    const values = Float64Array.from(inputs[i]!.values);
    values[j]! += delta;
    return scalar(lossValue(target, op, c, inputs.map((x, k) => (k === i ? { ...x, values } : x))));
  };
  return ((await at(eps)) - (await at(-eps))) / (2 * eps);
}

async function checkCase(target: Target, op: OpSpec, c: number, inputs: HostInput[], m: Mismatches): Promise<void> {
  const where = describeInputs(inputs);
  let grads: (Tensor | null)[];
  try {
    grads = evaluate(target, op, c, inputs, { grad: true, float64Only: true }).grads;
  } catch (e) {
    m.add(`${where} threw ${describeError(e)}`);
    return;
  }
  const { atol, rtol } = FINITE_DIFFERENCE;
  let k = 0;
  for (let i = 0; i < inputs.length; i++) {
    if (!inputs[i]!.differentiable) continue;
    const analytic = (await observeGrad(grads[k++] ?? null, inputs[i]!)).values;
    for (let j = 0; j < inputs[i]!.values.length; j++) {
      const n = await numeric(target, op, c, inputs, i, j);
      const a = analytic[j]!;
      if (!(Math.abs(a - n) <= atol + rtol * Math.abs(n))) m.add(`${where} d/d input ${i}[${j}]: analytic ${a}, numeric ${n}`);
    }
  }
}
