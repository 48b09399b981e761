import type { DType } from "../../dtype.js";
import type { ConformanceCase, SuiteContext } from "../case.js";
import { Mismatches } from "../compare.js";
import { describeError, describeInputs } from "../describe-case.js";
import { drawInputs, evaluate, type Evaluation } from "../evaluate.js";
import type { OpSpec } from "../op-spec.js";
import { GRADIENT_TOLERANCE_FACTOR } from "../tolerance.js";
import { compareGrads } from "./grads.js";

/** Gradients of every differentiable input against the reference backend's, from the same inputs and upstream gradient. */
export function backwardCase(ctx: SuiteContext, op: OpSpec, dtype: DType): ConformanceCase {
  return {
    path: ["ops", op.label],
    name: `backward ${dtype} vs ${ctx.reference.name}`,
    run: async () => {
      const m = new Mismatches();
      for (let c = 0; c < op.cases.length; c++) {
        const inputs = drawInputs(op, c, dtype);
        const where = describeInputs(inputs);
        let actual: Evaluation;
        try {
          actual = evaluate(ctx.target, op, c, inputs, { grad: true });
        } catch (e) {
          m.add(`${where} threw ${describeError(e)}`);
          continue;
        }
        const expected = evaluate(ctx.reference, op, c, inputs, { grad: true });
        await compareGrads(m, where, inputs, actual.grads, expected.grads, op.tolerance * GRADIENT_TOLERANCE_FACTOR);
      }
      m.throwIfAny(`${op.label} backward ${dtype} on ${ctx.target.name}`);
    },
  };
}
