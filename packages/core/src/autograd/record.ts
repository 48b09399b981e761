import { isFloatingPoint } from "../dtype.js";
import type { Tensor } from "../tensor.js";
import { isGradEnabled } from "./grad-mode.js";
import { Node, type BackwardFn } from "./node.js";

const NOTHING_SAVED: readonly Tensor[] = [];

function anyRequiresGrad(inputs: readonly (Tensor | null | undefined)[]): boolean {
  for (let i = 0; i < inputs.length; i++) if (inputs[i]?.requiresGrad) return true;
  return false;
}

/**
 * Attaches a backward function to an op's outputs when grad mode is on and any
 * input requires grad. `saved` lists tensors the backward reads, so in-place
 * changes to them are caught. Returns the outputs for chaining.
 */
export function record<T extends Tensor | Tensor[]>(
  name: string,
  inputs: readonly (Tensor | null | undefined)[],
  outputs: T,
  backward: BackwardFn,
  saved: readonly Tensor[] = NOTHING_SAVED,
): T {
  if (!isGradEnabled() || !anyRequiresGrad(inputs)) return outputs;
  const outs = Array.isArray(outputs) ? outputs : [outputs];
  const node = new Node(
    name,
    inputs.map((t) => t ?? null),
    backward,
    outs.length,
    saved.length === 0 ? [] : saved.map((tensor) => ({ tensor, version: tensor.storage.version })),
  );
  outs.forEach((t, i) => {
    // integer outputs (indices) carry no gradient, as in PyTorch
    if (!isFloatingPoint(t.dtype)) return;
    t.gradFn = node;
    t.outputIndex = i;
    t.requiresGrad = true;
  });
  return outputs;
}

/** Whether an op on these inputs records (grad mode on and some input requires grad); lets ops skip building a closure. */
export function needsGrad(a: Tensor | null | undefined, b?: Tensor | null, c?: Tensor | null): boolean {
  return isGradEnabled() && (!!a?.requiresGrad || !!b?.requiresGrad || !!c?.requiresGrad);
}
