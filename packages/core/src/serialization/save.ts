import type { Tensor } from "../tensor.js";
import { atomicWrite, atomicWriteSync } from "./files/atomic-write.js";
import { flatTensors, splitCheckpoint } from "./checkpoint/tree.js";
import { planFile, type FileLayout } from "./safetensors/writer.js";
import { tensorBytes, tensorBytesSync } from "./files/tensor-bytes.js";

/** The `__metadata__` entry that holds the JSON structure of a checkpoint with non-tensor values. */
export const STRUCTURE_KEY = "taimatsu";

export interface SaveOptions {
  /** Extra string entries for the file's `__metadata__` (`format: "pt"` is always set, as PyTorch tools expect). */
  metadata?: Record<string, string>;
}

/**
 * A flat state dict becomes a plain safetensors file, exactly what Python's
 * `save_file` writes. Anything else (nested objects, numbers, optimizer
 * state) keeps its tensors under dotted path names and its structure as JSON
 * in `__metadata__`.
 */
function layout(obj: unknown, op: string, options: SaveOptions): FileLayout {
  for (const [k, v] of Object.entries(options.metadata ?? {})) {
    if (typeof v !== "string") throw new TypeError(`${op}: metadata values must be strings ('${k}' is a ${typeof v})`);
    if (k === STRUCTURE_KEY) throw new TypeError(`${op}: metadata key '${STRUCTURE_KEY}' is reserved for the checkpoint structure`);
  }
  const metadata: Record<string, string> = { format: "pt", ...options.metadata };
  const flat = flatTensors(obj);
  if (flat) return planFile(flat, metadata);
  const { tensors, structure } = splitCheckpoint(obj, op);
  return planFile(tensors, { ...metadata, [STRUCTURE_KEY]: structure });
}

function checkAlive(op: string, tensors: readonly { name: string; tensor: Tensor }[]): void {
  for (const { name, tensor } of tensors) if (tensor.isDisposed) throw new Error(`${op}: tensor '${name}' was disposed before it could be saved`);
}

/** The safetensors bytes of `obj`, in memory (works without a file system). */
export function saveToBytes(obj: unknown, options: SaveOptions = {}): Uint8Array {
  const plan = layout(obj, "saveToBytes", options);
  checkAlive("saveToBytes", plan.tensors);
  const out = new Uint8Array(plan.head.length + plan.dataLength);
  out.set(plan.head, 0);
  for (const t of plan.tensors) out.set(tensorBytesSync(t.tensor), plan.head.length + t.begin);
  return out;
}

/**
 * `torch.save(obj, path)`: writes tensors, state dicts and checkpoints
 * (nested objects of tensors, numbers, strings, booleans, arrays) as a
 * safetensors file that Python's `safetensors` opens. The write is atomic.
 * Needs a backend that reads synchronously (the CPU ones); otherwise use
 * `saveAsync`.
 *
 * @example
 * ```ts
 * torch.save(model.stateDict(), "model.safetensors");
 * torch.save({ model: model.stateDict(), optimizer: opt.stateDict(), epoch: 3 }, "ckpt.safetensors");
 * ```
 */
export function save(obj: unknown, path: string, options: SaveOptions = {}): void {
  const plan = layout(obj, "save", options);
  checkAlive("save", plan.tensors);
  atomicWriteSync(path, [plan.head, ...plan.tensors.map((t) => tensorBytesSync(t.tensor))], "save");
}

/** `save` for every backend: reads tensors asynchronously, then writes atomically. */
export async function saveAsync(obj: unknown, path: string, options: SaveOptions = {}): Promise<void> {
  const plan = layout(obj, "saveAsync", options);
  checkAlive("saveAsync", plan.tensors);
  const chunks = [plan.head];
  for (const t of plan.tensors) chunks.push(await tensorBytes(t.tensor));
  await atomicWrite(path, chunks, "saveAsync");
}
