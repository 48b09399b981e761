/**
 * Persistent ids: how a checkpoint's pickle refers to storages kept outside
 * it. Both formats write `("storage", storage_type, key, location, numel)`;
 * legacy files add `view_metadata`, `(view_key, offset, view_numel)` or None,
 * and may name whole modules with `("module", ...)`, which is refused.
 */
import { UnpicklingError } from "../pickle/unpickle.js";
import { pyTypeName } from "../pickle/values.js";
import { type CheckpointStorage, StorageType } from "./storage.js";

export interface StorageId {
  type: StorageType;
  key: string;
  /** Where the storage lived when saved ("cpu", "cuda:0", ...); everything loads on the CPU. */
  location: string;
  numel: number;
  view?: { key: string; offset: number; numel: number };
}

export function parseStorageId(source: string, pid: unknown): StorageId {
  if (!Array.isArray(pid) || pid.length < 5) throw corrupt(source, `a persistent id must be a tuple ("storage", type, key, location, numel), found ${pyTypeName(pid)}`);
  const [typename, type, key, location, numel, view] = pid;
  if (typename === "module") {
    throw new UnpicklingError(`${source}: the checkpoint pickles a whole nn.Module; load it in PyTorch and save model.state_dict() instead`);
  }
  if (typename !== "storage") throw corrupt(source, `unknown persistent id kind '${String(typename)}' (expected 'storage')`);
  if (!(type instanceof StorageType)) throw corrupt(source, `a storage's type must be a torch storage class, found ${pyTypeName(type)}`);
  if (typeof key !== "string" || typeof location !== "string") throw corrupt(source, "a storage's key and location must be str");
  if (!isCount(numel)) throw corrupt(source, `storage '${key}' has an invalid element count ${String(numel)}`);
  return { type, key, location, numel, view: parseView(source, key, view) };
}

function parseView(source: string, key: string, view: unknown): StorageId["view"] {
  if (view === undefined || view === null) return undefined;
  if (!Array.isArray(view) || view.length !== 3 || typeof view[0] !== "string" || !isCount(view[1]) || !isCount(view[2])) {
    throw corrupt(source, `storage '${key}' has malformed view metadata (expected (key, offset, numel))`);
  }
  return { key: view[0], offset: view[1], numel: view[2] };
}

/**
 * Keeps one CheckpointStorage per key, so every tensor over a storage shares
 * it. `load` allocates (and, for zip files, fills) a storage the first time
 * its key is seen.
 */
export class StorageTable {
  readonly byKey = new Map<string, CheckpointStorage>();

  constructor(
    private readonly source: string,
    private readonly load: (id: StorageId) => CheckpointStorage,
  ) {}

  resolve(pid: unknown): CheckpointStorage {
    const id = parseStorageId(this.source, pid);
    let root = this.byKey.get(id.key);
    if (!root) this.byKey.set(id.key, (root = this.load(id)));
    else if (root.dtype !== id.type.dtype) throw corrupt(this.source, `storage '${id.key}' is referenced as both ${root.dtype} and ${id.type.dtype}`);
    return id.view ? this.view(root, id.view) : root;
  }

  private view(root: CheckpointStorage, view: NonNullable<StorageId["view"]>): CheckpointStorage {
    const existing = this.byKey.get(view.key);
    if (existing) return existing;
    if (view.offset + view.numel > root.numel) throw corrupt(this.source, `storage view '${view.key}' runs past the end of storage '${root.key}'`);
    const storage = root.view(view.key, view.offset, view.numel);
    this.byKey.set(view.key, storage);
    return storage;
  }
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

function corrupt(source: string, message: string): UnpicklingError {
  return new UnpicklingError(`${source}: ${message}; the checkpoint is corrupt`);
}
