import { AutogradError } from "../errors.js";
import { sameShape } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { keep } from "../scope.js";
import { castRaw } from "../ops/dispatch.js";

/**
 * Brings an input's gradient back to the input's shape and dtype: gradients of
 * broadcast inputs are summed over the broadcast dimensions.
 */
export function reduceGradTo(g: Tensor, input: Tensor, nodeName: string): Tensor {
  if (!sameShape(g.shape, input.shape)) {
    const lead = g.ndim - input.ndim;
    if (lead < 0) throw new AutogradError(`${nodeName} returned a gradient of shape [${g.shape.join(", ")}] for an input of shape [${input.shape.join(", ")}]`);
    const dims: number[] = [];
    for (let i = 0; i < g.ndim; i++) if (i < lead || (input.shape[i - lead] === 1 && g.shape[i] !== 1)) dims.push(i);
    g = g.sum(dims, { keepdim: true });
    if (lead > 0) g = g.reshape(input.shape);
    if (!sameShape(g.shape, input.shape)) {
      throw new AutogradError(`${nodeName} returned a gradient of shape [${g.shape.join(", ")}] for an input of shape [${input.shape.join(", ")}]`);
    }
  }
  return g.dtype === input.dtype ? g : g.to(input.dtype);
}

/**
 * Adds `g` into `t.grad`: the first time a copy of `g`, or `g` itself when
 * the engine owns it (`owned`: nothing else refers to its memory, so it is
 * taken over as PyTorch does); in place after that (out of place when recording).
 */
export function accumulateGrad(t: Tensor, g: Tensor, createGraph: boolean, owned = false): void {
  if (!t.grad) {
    // never alias a tensor that may be handed to another leaf or kept by the user
    t.grad = keep(createGraph || owned ? g : castRaw(g, g.dtype));
  } else if (createGraph) t.grad = t.grad.add(g);
  else t.grad.add_(g);
}
