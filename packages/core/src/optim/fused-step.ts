import { fusedKernel } from "../ops/dispatch.js";
import type { Tensor } from "../tensor.js";

/**
 * Runs a backend's fused optimizer kernel (see the optimizer block of
 * backend/fused.ts) when it has one for these tensors' device. Such kernels
 * write in place behind core's back, so the storage versions are bumped here
 * for autograd's saved-tensor check. Returns false when the caller must run
 * the decomposition instead.
 */
export function tryFusedStep(op: string, tensors: readonly (Tensor | null)[], attrs: object): boolean {
  const kernel = fusedKernel(op, tensors);
  if (!kernel) return false;
  kernel(...tensors, attrs);
  for (const t of tensors) if (t) t.storage.version++;
  return true;
}

/** Whether a fused kernel exists, so state can be allocated the way it expects before calling it. */
export function hasFusedStep(op: string, tensors: readonly Tensor[]): boolean {
  return fusedKernel(op, tensors) !== undefined;
}
