import { isFloatingPoint, type DType } from "../../dtype.js";
import { numel } from "../../shape.js";
import type { ConformanceCase, SuiteContext } from "../case.js";
import { Mismatches } from "../compare.js";
import { describeError, describeInputs } from "../describe-case.js";
import { drawInputs, evaluate, type Evaluation, type HostInput, type LayoutChoice } from "../evaluate.js";
import { LAYOUTS } from "../layouts.js";
import { observeAll } from "../observed.js";
import type { OpSpec } from "../op-spec.js";
import { GRADIENT_TOLERANCE_FACTOR } from "../tolerance.js";
import { compareGrads } from "./grads.js";
import { compareOutputs } from "./forward.js";

/**
 * Each input in turn arrives transposed, strided with an offset, expanded
 * with stride 0, or at a storage offset; outputs and gradients must match
 * the same op on contiguous copies of the same values, on the same backend.
 */
export function layoutsCase(ctx: SuiteContext, op: OpSpec, dtype: DType): ConformanceCase {
  return {
    path: ["ops", op.label],
    name: `layouts ${dtype}`,
    run: async () => {
      const m = new Mismatches();
      for (let c = 0; c < op.cases.length; c++) {
        const inputs = drawInputs(op, c, dtype);
        for (let i = 0; i < inputs.length; i++) await checkInput(ctx, op, c, inputs, i, m);
      }
      m.throwIfAny(`${op.label} layouts ${dtype} on ${ctx.target.name}`);
    },
  };
}

async function checkInput(ctx: SuiteContext, op: OpSpec, c: number, inputs: HostInput[], i: number, m: Mismatches): Promise<void> {
  const { shape } = inputs[i]!.spec;
  if (numel(shape) === 0) return;
  const withGrad = op.grad && isFloatingPoint(inputs[i]!.dtype);
  for (const layout of LAYOUTS) {
    if (!layout.applies(shape)) continue;
    const shown = inputs.map((x, k) => (k === i ? { ...x, values: layout.logical(x.values, shape) } : x));
    const choice: LayoutChoice = { input: i, layout };
    const where = describeInputs(shown, choice);
    let actual: Evaluation;
    try {
      actual = evaluate(ctx.target, op, c, shown, { grad: withGrad, layout: choice });
    } catch (e) {
      m.add(`${where} threw ${describeError(e)}`);
      continue;
    }
    const expected = evaluate(ctx.target, op, c, shown, { grad: withGrad });
    compareOutputs(m, where, await observeAll(actual.outputs), await observeAll(expected.outputs), op.tolerance);
    if (withGrad) await compareGrads(m, where, shown, actual.grads, expected.grads, op.tolerance * GRADIENT_TOLERANCE_FACTOR);
  }
}
