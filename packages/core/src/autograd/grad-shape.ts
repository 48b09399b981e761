import { AutogradError } from "../errors.js";
import { sameShape } from "../shape.js";
import type { Tensor } from "../tensor.js";

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
