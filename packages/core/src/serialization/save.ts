import type { Tensor } from "../tensor.js";
import { atomicWrite, atomicWriteSync } from "./files/atomic-write.js";
import { flatTensors, splitCheckpoint } from "./checkpoint/tree.js";
import { planFile, type FileLayout } from "./safetensors/writer.js";
import { tensorBytes, tensorBytesSync } from "./files/tensor-bytes.js";
import { planTorchCheckpoint, torchCheckpointChunks, type TorchCheckpointPlan } from "./torch-checkpoint/write.js";

/** The `__metadata__` entry that holds the JSON structure of a checkpoint with non-tensor values. */
export const STRUCTURE_KEY = "taimatsu";

/** The two file formats `save` writes. */
export type SaveFormat = "torch" | "safetensors";

export interface SaveOptions {
  /**
   * `"torch"`: PyTorch's zip checkpoint, which Python's `torch.load` reads;
   * `"safetensors"`: a safetensors file. Default for `save`: from the file
   * name (`.pt`, `.pth`, `.pth.tar`, `.tar`, `.ckpt`, `.bin`, `.pkl` →
   * torch, anything else → safetensors); for `saveToBytes`: safetensors.
   */
  format?: SaveFormat;
  /** Extra string entries for a safetensors file's `__metadata__` (`format: "pt"` is always set, as PyTorch tools expect). */
  metadata?: Record<string, string>;
}

const TORCH_EXTENSIONS = /\.(pt|pth|tar|ckpt|bin|pkl)$/i;

/** The format `save(obj, path, options)` writes. */
export function saveFormat(path: string, options: SaveOptions, op: string): SaveFormat {
  const { format } = options;
  if (format !== undefined && format !== "torch" && format !== "safetensors") {
    throw new TypeError(`${op}: format must be "torch" or "safetensors", got ${JSON.stringify(format)}`);
  }
  const chosen = format ?? (TORCH_EXTENSIONS.test(path) ? "torch" : "safetensors");
  if (chosen === "torch" && options.metadata !== undefined) {
    throw new TypeError(`${op}: metadata is only written to safetensors files; a PyTorch checkpoint has no place for it (put it in the saved object, or save to a .safetensors path)`);
  }
  return chosen;
}

/** Reads every storage of a torch checkpoint plan, releasing each as soon as it is read. */
function readStoragesSync(plan: TorchCheckpointPlan): Uint8Array[] {
  try {
    return plan.storages.map(({ whole }) => tensorBytesSync(whole));
  } finally {
    for (const { whole } of plan.storages) whole.dispose();
  }
}

async function readStorages(plan: TorchCheckpointPlan): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  try {
    for (const { whole } of plan.storages) out.push(await tensorBytes(whole));
  } finally {
    for (const { whole } of plan.storages) whole.dispose();
  }
  return out;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) out.set(c, (at += c.length) - c.length);
  return out;
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

/** The bytes of `obj` as a file (safetensors unless `format: "torch"`), in memory (works without a file system). */
export function saveToBytes(obj: unknown, options: SaveOptions = {}): Uint8Array {
  if (saveFormat("", options, "saveToBytes") === "torch") {
    const torchPlan = planTorchCheckpoint(obj, "saveToBytes");
    return concat(torchCheckpointChunks(torchPlan, readStoragesSync(torchPlan), "saveToBytes"));
  }
  const plan = layout(obj, "saveToBytes", options);
  checkAlive("saveToBytes", plan.tensors);
  const out = new Uint8Array(plan.head.length + plan.dataLength);
  out.set(plan.head, 0);
  for (const t of plan.tensors) out.set(tensorBytesSync(t.tensor), plan.head.length + t.begin);
  return out;
}

/**
 * `torch.save(obj, path)`: writes tensors, state dicts and checkpoints
 * (nested objects of tensors, numbers, strings, booleans, arrays). A `.pt`
 * (`.pth`, `.tar`, `.ckpt`, `.bin`, `.pkl`) path gets PyTorch's zip format,
 * which Python's `torch.load` reads; any other path a safetensors file that
 * Python's `safetensors` opens; `options.format` overrides the file name.
 * The write is atomic (a temporary file renamed over the target). Needs a
 * backend that reads synchronously (the CPU ones); otherwise use `saveAsync`.
 *
 * @example
 * ```ts
 * torch.save(model.stateDict(), "model.pt"); // Python: model.load_state_dict(torch.load("model.pt"))
 * torch.save(model.stateDict(), "model.safetensors");
 * torch.save({ model: model.stateDict(), optimizer: opt.stateDict(), epoch: 3 }, "ckpt.pt");
 * ```
 */
export function save(obj: unknown, path: string, options: SaveOptions = {}): void {
  if (saveFormat(path, options, "save") === "torch") {
    const torchPlan = planTorchCheckpoint(obj, "save");
    atomicWriteSync(path, torchCheckpointChunks(torchPlan, readStoragesSync(torchPlan), path), "save");
    return;
  }
  const plan = layout(obj, "save", options);
  checkAlive("save", plan.tensors);
  atomicWriteSync(path, [plan.head, ...plan.tensors.map((t) => tensorBytesSync(t.tensor))], "save");
}

/** `save` for every backend: reads tensors asynchronously, then writes atomically. */
export async function saveAsync(obj: unknown, path: string, options: SaveOptions = {}): Promise<void> {
  if (saveFormat(path, options, "saveAsync") === "torch") {
    const torchPlan = planTorchCheckpoint(obj, "saveAsync");
    await atomicWrite(path, torchCheckpointChunks(torchPlan, await readStorages(torchPlan), path), "saveAsync");
    return;
  }
  const plan = layout(obj, "saveAsync", options);
  checkAlive("saveAsync", plan.tensors);
  const chunks = [plan.head];
  for (const t of plan.tensors) chunks.push(await tensorBytes(t.tensor));
  await atomicWrite(path, chunks, "saveAsync");
}
