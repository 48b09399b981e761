import { fusedKernel } from "../ops/dispatch.js";
import type { FusedKernel } from "../backend/backend.js";
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

/**
 * A backend's multi-tensor kernel `op` for these lists of tensors, when every
 * tensor lives on one device of that backend; undefined otherwise (the caller
 * then updates parameter by parameter).
 */
export function foreachKernel(op: string, lists: readonly (readonly Tensor[])[]): FusedKernel | undefined {
  const first = lists[0]?.[0];
  const kernel = first?.storage.backend.fused?.[op];
  if (!first || !kernel) return undefined;
  for (const list of lists) {
    for (const t of list) {
      t.assertAlive(op);
      if (t.storage.backend !== first.storage.backend || t.storage.deviceKey !== first.storage.deviceKey) return undefined;
    }
  }
  return kernel;
}

/** Marks tensors a fused kernel wrote in place as modified, for autograd's saved-tensor check. */
export function written(...lists: readonly (readonly Tensor[] | null)[]): void {
  for (const list of lists) for (const t of list ?? []) t.storage.version++;
}
