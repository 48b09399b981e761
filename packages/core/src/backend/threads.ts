import { backendFor, listBackends } from "./registry.js";

/**
 * `torch.setNumThreads(n)`, as `torch.set_num_threads`: the intra-op thread
 * count of every backend that runs kernels on threads of its own
 * (cpu-native's pool, the wasm backend's workers). Backends without threads
 * ignore it.
 */
export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`setNumThreads: expected a positive integer, got ${n}`);
  for (const b of listBackends()) b.setNumThreads?.(n);
}

/** `torch.getNumThreads()`, as `torch.get_num_threads`: the thread count of the backend serving `cpu` (1 without threads). */
export function getNumThreads(): number {
  return backendFor("cpu").getNumThreads?.() ?? 1;
}
