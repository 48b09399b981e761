import type { DeviceLike } from "../device.js";
import { listBackends, placeOf } from "./registry.js";

/**
 * `torch.backends.synchronize(device?)`, as `torch.cuda.synchronize()`:
 * resolves once every kernel queued on `device` (on every device of every
 * backend when omitted) has run. A kernel that could not throw when it was
 * called (an index out of range on a GPU) recorded its error instead; the
 * first such error rejects this promise, naming the op.
 */
export async function synchronize(device?: DeviceLike): Promise<void> {
  if (device !== undefined) {
    const { backend, device: d } = placeOf(device);
    await backend.synchronize?.(d.index ?? 0);
    return;
  }
  const settled = await Promise.allSettled(listBackends().map((b) => b.synchronize?.()));
  for (const s of settled) if (s.status === "rejected") throw s.reason;
}

/**
 * `torch.backends.emptyCache()`, as `torch.cuda.empty_cache()`: every backend
 * that keeps freed memory for reuse returns it to the system. Live tensors
 * are untouched; `torch.memory().backends` shows what is cached.
 */
export function emptyCache(): void {
  for (const b of listBackends()) b.emptyCache?.();
}
