import type { Tensor } from "../../tensor.js";
import type { Mismatches } from "../compare.js";
import type { HostInput } from "../evaluate.js";
import { observe, type Observed } from "../observed.js";
import { toleranceFor } from "../tolerance.js";

/** A gradient on the host; null (input unused) reads as zeros, as PyTorch's gradcheck treats it. */
export async function observeGrad(g: Tensor | null, input: HostInput): Promise<Observed> {
  if (g) return observe(g);
  return { shape: input.spec.shape, dtype: input.dtype, values: new Float64Array(input.values.length) };
}

/** Compares gradients of the differentiable inputs, in input order. */
export async function compareGrads(
  m: Mismatches,
  what: string,
  inputs: readonly HostInput[],
  actual: readonly (Tensor | null)[],
  expected: readonly (Tensor | null)[],
  factor: number,
): Promise<void> {
  const wrt = inputs.map((x, i) => ({ x, i })).filter(({ x }) => x.differentiable);
  for (let k = 0; k < wrt.length; k++) {
    const { x, i } = wrt[k]!;
    const a = await observeGrad(actual[k] ?? null, x);
    const e = await observeGrad(expected[k] ?? null, x);
    m.check(`${what} grad of input ${i}`, a, e, toleranceFor(x.dtype, factor));
  }
}
