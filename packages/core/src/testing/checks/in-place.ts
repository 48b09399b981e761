import type { DType } from "../../dtype.js";
import { numel } from "../../shape.js";
import type { Tensor } from "../../tensor.js";
import type { ConformanceCase, SuiteContext } from "../case.js";
import { Mismatches } from "../compare.js";
import { describeError, describeInputs } from "../describe-case.js";
import { drawInputs, type HostInput } from "../evaluate.js";
import { CONTIGUOUS, LAYOUTS, sentinel, type Layout } from "../layouts.js";
import { observe } from "../observed.js";
import type { InPlacePair, OpSpec } from "../op-spec.js";
import type { Target } from "../target.js";
import { toleranceFor } from "../tolerance.js";

/**
 * In-place semantics the generic checks cannot see: the op returns its
 * receiver, agrees with the out-of-place op cast to the receiver's dtype,
 * and writes through a strided view without touching the elements between.
 */
export function inPlaceCase(ctx: SuiteContext, op: OpSpec, pair: InPlacePair, dtype: DType): ConformanceCase {
  return {
    path: ["ops", op.label],
    name: `in place ${dtype}`,
    run: async () => {
      const m = new Mismatches();
      const strided = LAYOUTS.find((l) => l.name === "strided")!;
      for (let c = 0; c < op.cases.length; c++) {
        const inputs = drawInputs(op, c, dtype);
        const { shape } = inputs[0]!.spec;
        for (const layout of [CONTIGUOUS, strided]) {
          if (layout.applies(shape) && numel(shape) > 0) await checkWrite(ctx.target, pair, inputs, layout, m);
        }
      }
      m.throwIfAny(`${op.label} in place ${dtype} on ${ctx.target.name}`);
    },
  };
}

async function checkWrite(target: Target, pair: InPlacePair, inputs: HostInput[], layout: Layout, m: Mismatches): Promise<void> {
  const [self, ...rest] = inputs;
  const where = describeInputs(inputs, { input: 0, layout });
  let result: { leaf: Tensor; view: Tensor; returned: Tensor; expected: Tensor };
  try {
    result = target.run(() => {
      const built = layout.build(target, self!.values, self!.spec.shape, self!.dtype);
      const others = rest.map((x) => target.tensor(x.values, x.spec.shape, x.dtype));
      const view = built.view(built.leaf);
      // computed first: the in-place op overwrites the receiver
      const expected = pair.outOfPlace(view, ...others).to(self!.dtype);
      return { leaf: built.leaf, view, returned: pair.apply(view, ...others), expected };
    });
  } catch (e) {
    m.add(`${where} threw ${describeError(e)}`);
    return;
  }
  if (result.returned !== result.view) m.add(`${where}: did not return its receiver`);
  const expected = await observe(result.expected);
  m.check(`${where} result`, await observe(result.view), expected, toleranceFor(self!.dtype));
  if (layout.name === "strided") checkUntouched(m, where, await observe(result.leaf), self!.spec.shape, sentinel(self!.dtype));
}

/** In the strided layout only odd positions of each row belong to the view; the rest must keep the sentinel. */
function checkUntouched(m: Mismatches, where: string, leaf: { values: Float64Array; shape: readonly number[] }, shape: readonly number[], fill: number): void {
  const width = leaf.shape.at(-1) ?? 1;
  const n = shape.at(-1) ?? 1;
  for (let p = 0; p < leaf.values.length; p++) {
    const col = p % width;
    const inView = col % 2 === 1 && (col - 1) / 2 < n;
    if (inView) continue;
    const v = leaf.values[p]!;
    if (!(Number.isNaN(fill) ? Number.isNaN(v) : v === fill)) {
      m.add(`${where}: wrote outside the view at storage position ${p} (found ${v})`);
      return;
    }
  }
}
