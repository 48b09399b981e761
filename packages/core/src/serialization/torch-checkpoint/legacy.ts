/**
 * PyTorch's legacy checkpoint format (`torch.save` before 1.6, or with
 * `_use_new_zipfile_serialization=False`): five things back to back —
 * the magic-number pickle, the protocol-version pickle, a sys_info pickle,
 * the object's pickle (storages as persistent ids), a pickle listing the
 * storage keys — then each listed storage's bytes, prefixed by its element
 * count as a little-endian int64. PyTorch writes storage data little-endian
 * whatever machine saved it.
 */
import { itemSize } from "../../dtype.js";
import { unpickleRaw, UnpicklingError } from "../pickle/unpickle.js";
import { toJs } from "../pickle/to-js.js";
import { checkpointGlobals } from "./globals.js";
import { StorageTable } from "./persistent-id.js";
import { CheckpointStorage, storagesAsTensors } from "./storage.js";

/** `0x1950a86a20f9469cfc6c`, the first pickle of every legacy checkpoint. */
export const LEGACY_MAGIC_NUMBER = 0x1950a86a20f9469cfc6cn;
const PROTOCOL_VERSION = 1001;

export function loadLegacyCheckpoint(bytes: Uint8Array, source: string): unknown {
  const afterHeader = readHeader(bytes, source);
  const storages = new StorageTable(source, (id) => CheckpointStorage.allocate(id.key, id.type.dtype, id.numel));
  const main = unpickleRaw(bytes, afterHeader, {
    source,
    findClass: checkpointGlobals(source),
    persistentLoad: (pid) => storages.resolve(pid),
  });
  const keys = unpickleRaw(bytes, main.end, { source: `${source} (storage key list)` });
  readStorageData(bytes, source, keys.value, keys.end, storages);
  return toJs(main.value, storagesAsTensors);
}

/** Checks the magic number and protocol version, skips sys_info; returns where the object's pickle starts. */
function readHeader(bytes: Uint8Array, source: string): number {
  const magic = readMagicNumber(bytes, source);
  const version = unpickleRaw(bytes, magic.end, { source: `${source} (protocol version)` });
  if (version.value !== PROTOCOL_VERSION) {
    throw new UnpicklingError(`${source}: unsupported legacy checkpoint protocol version ${String(version.value)} (expected ${PROTOCOL_VERSION})`);
  }
  return unpickleRaw(bytes, version.end, { source: `${source} (sys_info)` }).end;
}

function readMagicNumber(bytes: Uint8Array, source: string): { end: number } {
  const notACheckpoint = `${source}: not a PyTorch checkpoint (neither a zip archive nor the legacy format, which starts with a magic-number pickle)`;
  let magic: ReturnType<typeof unpickleRaw>;
  try {
    magic = unpickleRaw(bytes, 0, { source });
  } catch (e) {
    throw new UnpicklingError(notACheckpoint, { cause: e });
  }
  if (magic.value !== LEGACY_MAGIC_NUMBER) throw new UnpicklingError(notACheckpoint);
  return magic;
}

function readStorageData(bytes: Uint8Array, source: string, keys: unknown, start: number, storages: StorageTable): void {
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === "string")) {
    throw new UnpicklingError(`${source}: the storage key list is not a list of str; the checkpoint is corrupt`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = start;
  for (const key of keys as string[]) {
    const storage = storages.byKey.get(key);
    if (!storage) throw new UnpicklingError(`${source}: storage '${key}' has data but no tensor refers to it; the checkpoint is corrupt`);
    if (at + 8 > bytes.length) throw truncated(source, key, bytes.length);
    const count = view.getBigInt64(at, true);
    if (count !== BigInt(storage.numel)) {
      throw new UnpicklingError(`${source}: storage '${key}' should hold ${storage.numel} elements but its data says ${count}; the checkpoint is corrupt`);
    }
    const end = at + 8 + storage.numel * itemSize(storage.dtype);
    if (end > bytes.length) throw truncated(source, key, bytes.length);
    storage.fill(bytes.subarray(at + 8, end), true);
    at = end;
  }
  for (const storage of storages.byKey.values()) {
    if (!storage.isFilled) throw new UnpicklingError(`${source}: storage '${storage.key}' is used by a tensor but its data is missing; the checkpoint is incomplete`);
  }
}

function truncated(source: string, key: string, length: number): UnpicklingError {
  return new UnpicklingError(`${source}: the data of storage '${key}' runs past the end of the file (${length} bytes); the file is truncated`);
}
