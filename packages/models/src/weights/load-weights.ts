/**
 * Turning a registry entry into a state dict: download through the hub
 * (always checking the entry's full sha256), then undo the way the file
 * wraps the state dict, as its `stateDictLayout` declares.
 */
import { stripPrefix, type DeviceLike, type Tensor } from "@taimatsu/core";
import { loadStateDictFromUrl } from "../hub/load-state-dict-from-url.js";
import type { StateDictLayout, Weights } from "./weights.js";

export interface LoadWeightsOptions {
  /** Print a download progress bar. Default true. */
  progress?: boolean;
  /** The cache directory (default `<hub dir>/checkpoints`). */
  modelDir?: string;
  mapLocation?: DeviceLike;
}

type StateDict = Record<string, Tensor>;

/** The entry's state dict, ready for `model.loadStateDict`. */
export async function loadWeights(weights: Weights, options: LoadWeightsOptions = {}): Promise<StateDict> {
  const loaded = await loadStateDictFromUrl<unknown>(weights.url, { ...options, sha256: weights.sha256 });
  return applyLayout(loaded, weights.stateDictLayout ?? {}, weights.fullName);
}

/** `{ state_dict: { "module.conv1.weight": … } }` → `{ "conv1.weight": … }`, as declared. */
export function applyLayout(loaded: unknown, layout: StateDictLayout, name: string): StateDict {
  let stateDict = loaded;
  if (layout.key !== undefined) {
    if (!isObject(stateDict) || !(layout.key in stateDict)) {
      throw new Error(`${name}: the checkpoint has no "${layout.key}" entry (keys: ${isObject(loaded) ? Object.keys(loaded).join(", ") : typeof loaded}); the registry's stateDictLayout does not match the file`);
    }
    stateDict = stateDict[layout.key];
  }
  if (!isObject(stateDict)) throw new Error(`${name}: expected a state dict (an object of tensors), got ${typeof stateDict}`);
  return layout.stripPrefix === undefined ? (stateDict as StateDict) : stripPrefix(stateDict as StateDict, layout.stripPrefix);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !(value instanceof Map);
}
