import type { Tensor } from "../tensor.js";
import { keep } from "../scope.js";
import { castRaw } from "../ops/dispatch.js";

/**
 * A tensor's `.grad`: filled by backward, cleared by `zeroGrad`. A gradient
 * backward makes is private to its tensor until code outside core reads it
 * (see Tensor.grad), so clearing it frees its memory at once.
 */

/**
 * Adds `g` into `t.grad`: the first time a copy of `g`, or `g` itself when
 * the engine owns it (`owned`: nothing else refers to its memory, so it is
 * taken over as PyTorch does); in place after that (out of place when recording).
 */
export function accumulateGrad(t: Tensor, g: Tensor, createGraph: boolean, owned = false): void {
  const current = t.gradValue;
  if (!current) {
    // never alias a tensor that may be handed to another leaf or kept by the user;
    // a recorded gradient belongs to its graph too, so it is never private
    t.setGrad(keep(createGraph || owned ? g : castRaw(g, g.dtype)), !createGraph);
  } else if (createGraph) {
    // the new gradient's graph refers to the current one: hand it over rather than free it
    t.gradPrivate = false;
    t.setGrad(current.add(g), false);
  } else current.add_(g);
}

/** `zeroGrad` for one tensor: drops the gradient (freeing it when private), or zeroes it in place and detaches it. */
export function clearGrad(t: Tensor, setToNone: boolean): void {
  const g = t.gradValue;
  if (!g) return;
  if (setToNone) return t.setGrad(null, false);
  if (g.gradFn) g.detach_();
  else g.requiresGrad_(false);
  g.zero_();
}
