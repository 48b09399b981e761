/**
 * Removing a key prefix from a state dict, PyTorch's
 * `consume_prefix_in_state_dict_if_present`. Models trained under
 * `nn.DataParallel` or `DistributedDataParallel` save every key as
 * `module.<name>`; strip it to load them into the bare model.
 */

import { setEntry } from "../../utils/own-entry.js";

/**
 * A copy of `stateDict` with `prefix` removed from every key that starts with
 * it; other keys are kept as they are. The `_metadata` PyTorch attaches to
 * state dicts (a non-enumerable property after loading) is carried over with
 * its keys stripped the same way, so module versions still apply.
 *
 * ```ts
 * const { state_dict } = loadTorchCheckpoint(bytes) as { state_dict: Record<string, Tensor> };
 * model.loadStateDict(stripPrefix(state_dict, "module."));
 * ```
 */
export function stripPrefix<T>(stateDict: Record<string, T>, prefix: string): Record<string, T>;
export function stripPrefix<T>(stateDict: Map<string, T>, prefix: string): Map<string, T>;
export function stripPrefix<T>(stateDict: Record<string, T> | Map<string, T>, prefix: string): Record<string, T> | Map<string, T> {
  const strip = (key: string) => (key.startsWith(prefix) ? key.slice(prefix.length) : key);
  const entries = stateDict instanceof Map ? [...stateDict] : Object.entries(stateDict);
  const out = stateDict instanceof Map ? new Map<string, T>() : ({} as Record<string, T>);
  for (const [key, value] of entries) setKey(out, strip(key), value);
  const metadata = (stateDict as { _metadata?: unknown })._metadata;
  if (metadata !== undefined) Object.defineProperty(out, "_metadata", { value: stripMetadata(metadata, prefix), enumerable: false, writable: true, configurable: true });
  return out;
}

function setKey<T>(out: Record<string, T> | Map<string, T>, key: string, value: T): void {
  if (out instanceof Map) out.set(key, value);
  else setEntry(out, key, value);
}

/**
 * `_metadata` is keyed by module path: "" for the wrapper, "module" for the
 * wrapped model, "module.conv1" below it. The wrapped model becomes the root.
 */
function stripMetadata(metadata: unknown, prefix: string): unknown {
  if (typeof metadata !== "object" || metadata === null || metadata instanceof Map) return metadata;
  const bare = prefix.endsWith(".") ? prefix.slice(0, -1) : prefix;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(metadata)) {
    const stripped = key === bare ? "" : key.startsWith(prefix) ? key.slice(prefix.length) : key;
    if (key === "" && Object.hasOwn(metadata, bare)) continue; // the wrapper's own entry gives way to the model's
    setEntry(out, stripped, value);
  }
  return out;
}
