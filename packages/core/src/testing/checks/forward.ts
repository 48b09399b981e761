import type { DType } from "../../dtype.js";
import type { Tensor } from "../../tensor.js";
import { sameBackend, type ConformanceCase, type SuiteContext } from "../case.js";
import { Mismatches } from "../compare.js";
import { describeError, describeInputs } from "../describe-case.js";
import { drawInputs, evaluate, widened, type HostInput } from "../evaluate.js";
import { observeAll, type Observed } from "../observed.js";
import type { OpSpec } from "../op-spec.js";
import { toleranceFor } from "../tolerance.js";

/**
 * Forward results in one dtype, every input set: against the reference
 * backend (same dtype, same inputs) when the target is another backend, and
 * against the op computed in float64 on the reference backend and cast to
 * the result dtype. The second check is what gives the reference backend's
 * own run teeth: it catches wrong kernels for narrow dtypes, bad rounding
 * and wrong type promotion.
 */
export function forwardCase(ctx: SuiteContext, op: OpSpec, dtype: DType): ConformanceCase {
  return {
    path: ["ops", op.label],
    name: `forward ${dtype}`,
    run: async () => {
      const m = new Mismatches();
      for (let c = 0; c < op.cases.length; c++) await checkCase(ctx, op, c, drawInputs(op, c, dtype), m);
      m.throwIfAny(`${op.label} forward ${dtype} on ${ctx.target.name}`);
    },
  };
}

async function checkCase(ctx: SuiteContext, op: OpSpec, c: number, inputs: HostInput[], m: Mismatches): Promise<void> {
  const where = describeInputs(inputs);
  let actual: Observed[];
  try {
    actual = await observeAll(evaluate(ctx.target, op, c, inputs).outputs);
  } catch (e) {
    m.add(`${where} threw ${describeError(e)}`);
    return;
  }
  if (!sameBackend(ctx)) {
    const expected = await observeAll(evaluate(ctx.reference, op, c, inputs).outputs);
    compareOutputs(m, `${where} vs ${ctx.reference.name}`, actual, expected, op.tolerance);
  }
  if (op.oracle) compareOutputs(m, `${where} vs float64`, actual, await oracle(ctx, op, c, inputs, actual), op.tolerance);
}

/** The op on float64 inputs on the reference backend, each output cast to the dtype the target produced. */
async function oracle(ctx: SuiteContext, op: OpSpec, c: number, inputs: HostInput[], actual: readonly Observed[]): Promise<Observed[]> {
  const outputs = evaluate(ctx.reference, op, c, widened(inputs)).outputs;
  const cast = ctx.reference.run(() => outputs.map((t: Tensor, k) => (actual[k] && t.dtype !== actual[k]!.dtype ? t.to(actual[k]!.dtype) : t)));
  return observeAll(cast);
}

export function compareOutputs(m: Mismatches, what: string, actual: readonly Observed[], expected: readonly Observed[], factor: number): void {
  if (actual.length !== expected.length) {
    m.add(`${what}: ${actual.length} outputs, expected ${expected.length}`);
    return;
  }
  actual.forEach((a, k) => {
    const label = actual.length > 1 ? `${what} output ${k}` : what;
    m.check(label, a, expected[k]!, toleranceFor(expected[k]!.dtype, factor));
  });
}
