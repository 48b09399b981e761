/**
 * What `--weights` names, turned into a state dict and the normalisation to
 * evaluate with: a registry entry (its own transforms), or a file (the
 * architecture's DEFAULT transforms unless --mean/--std say otherwise).
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import * as torch from "@taimatsu/core";
import { loadWeights } from "../weights/load-weights.js";
import { getModelWeights, resolveWeights } from "../weights/registry.js";
import type { Weights } from "../weights/weights.js";

export interface Normalization {
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
}

export interface EvalWeights {
  stateDict: Record<string, torch.Tensor>;
  normalization: Normalization;
  /** The entry, when --weights named one. */
  entry?: Weights;
  /** What to call the weights in messages. */
  label: string;
}

/** A value with a path separator or a weights-file extension is a file; anything else an entry name. */
export function isWeightsFile(value: string): boolean {
  return value.includes("/") || value.includes("\\") || /\.(safetensors|pth?|th|bin|ckpt)$/i.test(value) || existsSync(value);
}

export async function evalWeights(model: string, weights: string, override: Partial<Normalization>): Promise<EvalWeights> {
  if (isWeightsFile(weights)) return fileWeights(model, resolve(weights), override);
  const entry = resolveWeights(model, weights)!;
  return { stateDict: await loadWeights(entry), normalization: chosen(entry.transforms, override), entry, label: entry.fullName };
}

async function fileWeights(model: string, path: string, override: Partial<Normalization>): Promise<EvalWeights> {
  if (!existsSync(path)) throw new Error(`${path}: no such weights file; pass an existing .safetensors/.pth/.th file or a registered entry name such as DEFAULT`);
  const file = await readFile(path);
  // a plain Uint8Array: Buffer's slice() shares memory where the loader expects a copy
  const loaded = torch.loadFromBytes<unknown>(new Uint8Array(file.buffer, file.byteOffset, file.byteLength), { source: path });
  return { stateDict: unwrapStateDict(loaded, path), normalization: chosen(defaultTransforms(model), override), label: path };
}

/**
 * Checkpoints often wrap the state dict (`{ state_dict, … }`, `{ model, … }`)
 * and DataParallel prefixes every key with `module.`; both are undone so
 * such files evaluate as they are.
 */
export function unwrapStateDict(loaded: unknown, path: string): Record<string, torch.Tensor> {
  let stateDict = loaded;
  for (const key of ["state_dict", "model"]) {
    const inner = isRecord(stateDict) ? stateDict[key] : undefined;
    if (isRecord(inner) && !(inner instanceof torch.Tensor)) stateDict = inner;
  }
  if (!isRecord(stateDict)) throw new Error(`${path}: expected a state dict (tensors by name), got ${typeof stateDict}`);
  const keys = Object.keys(stateDict);
  const dict = stateDict as Record<string, torch.Tensor>;
  return keys.length > 0 && keys.every((k) => k.startsWith("module.")) ? torch.stripPrefix(dict, "module.") : dict;
}

function defaultTransforms(model: string): Normalization | undefined {
  try {
    return getModelWeights(model).DEFAULT.transforms;
  } catch {
    return undefined; // no registered weights: --mean and --std are needed, checked in chosen()
  }
}

function chosen(defaults: Normalization | undefined, override: Partial<Normalization>): Normalization {
  const mean = override.mean ?? defaults?.mean;
  const std = override.std ?? defaults?.std;
  if (!mean || !std) throw new Error("no normalisation is registered for this architecture; pass --mean r,g,b --std r,g,b (the values the weights were trained with)");
  return { mean, std };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !(value instanceof Map) && !Array.isArray(value);
}
