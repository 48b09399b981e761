import { noGrad } from "../autograd/grad-mode.js";
import type { Tensor } from "../tensor.js";
import { fusedKernel } from "./dispatch.js";

/**
 * The forward pass of a composite op: the backend's fused kernel named `op`
 * when it has one, otherwise the decomposition into primitives. Runs without
 * recording; the op records one node with its own gradient formula, so
 * backward is the same whichever path ran.
 *
 * A fused kernel is called as `kernel(...inputs, attrs)` and must return what
 * `decompose` returns (same shapes and dtypes).
 */
export function compositeForward<T extends Tensor | Tensor[]>(
  op: string,
  inputs: readonly (Tensor | null | undefined)[],
  attrs: object,
  decompose: () => T,
): T {
  const kernel = fusedKernel(op, inputs);
  return noGrad(() => (kernel ? (kernel(...inputs, attrs) as T) : decompose()));
}
