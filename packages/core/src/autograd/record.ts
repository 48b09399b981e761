import { isFloatingPoint } from "../dtype.js";
import type { Tensor } from "../tensor.js";
import { isGradEnabled } from "./grad-mode.js";
import { Node, type BackwardFn } from "./node.js";

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
  saved: readonly Tensor[] = [],
): T {
  if (!isGradEnabled() || !inputs.some((t) => t?.requiresGrad)) return outputs;
  const outs = Array.isArray(outputs) ? outputs : [outputs];
  const node = new Node(
    name,
    inputs.map((t) => t ?? null),
    backward,
    outs.length,
    saved.map((tensor) => ({ tensor, version: tensor.storage.version })),
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

export function needsGrad(...inputs: (Tensor | null | undefined)[]): boolean {
  return isGradEnabled() && inputs.some((t) => t?.requiresGrad);
}
