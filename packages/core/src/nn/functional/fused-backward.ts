import { isGradEnabled } from "../../autograd/grad-mode.js";
import { compositeForward } from "../../ops/composite.js";
import type { Tensor } from "../../tensor.js";

/**
 * A composite op's gradient, computed by the backend's fused backward kernel
 * `op` when it has one. While the backward pass is itself being recorded
 * (createGraph), `formula` runs op by op instead, so second derivatives flow
 * through it: fused kernels carry no autograd history.
 */
export function fusedBackward<T extends Tensor | Tensor[]>(
  op: string,
  inputs: readonly (Tensor | null)[],
  attrs: object,
  formula: () => T,
): T {
  return isGradEnabled() ? formula() : compositeForward(op, inputs, attrs, formula);
}
