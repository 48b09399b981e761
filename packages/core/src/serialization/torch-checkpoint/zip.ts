/**
 * PyTorch's zip checkpoint format (`torch.save` since 1.6): one top-level
 * folder holding `data.pkl` (the object, with storages as persistent ids),
 * `data/<key>` (each storage's raw bytes), `version`, and since PyTorch 2.1
 * `byteorder` ("little" or "big"; little when absent).
 */
import { itemSize } from "../../dtype.js";
import { unpickleRaw, UnpicklingError } from "../pickle/unpickle.js";
import { toJs } from "../pickle/to-js.js";
import { ZipArchive } from "../zip/reader.js";
import { checkpointGlobals } from "./globals.js";
import { StorageTable, type StorageId } from "./persistent-id.js";
import { CheckpointStorage, storagesAsTensors } from "./storage.js";

export function loadZipCheckpoint(bytes: Uint8Array, source: string): unknown {
  const archive = new ZipArchive(bytes, source);
  const folder = archiveFolder(archive);
  const littleEndian = readByteOrder(archive, folder);
  const storages = new StorageTable(source, (id) => loadRecord(archive, folder, id, littleEndian));
  const pickle = `${folder}/data.pkl`;
  const { value } = unpickleRaw(archive.read(pickle), 0, {
    source: `${source} (${pickle})`,
    findClass: checkpointGlobals(`${source} (${pickle})`),
    persistentLoad: (pid) => storages.resolve(pid),
  });
  return toJs(value, storagesAsTensors);
}

/** PyTorch names records under the folder of the archive's first entry (the saved file's name). */
function archiveFolder(archive: ZipArchive): string {
  const first = archive.names()[0];
  const folder = first?.includes("/") ? first.slice(0, first.indexOf("/")) : undefined;
  if (folder === undefined || !archive.has(`${folder}/data.pkl`)) {
    throw new UnpicklingError(`${archive.source}: this zip archive is not a PyTorch checkpoint (no <folder>/data.pkl record); save it with torch.save`);
  }
  if (archive.has(`${folder}/constants.pkl`) || archive.names().some((n) => n.startsWith(`${folder}/code/`))) {
    throw new UnpicklingError(`${archive.source}: this is a TorchScript archive (torch.jit.save), which holds code; save the model's state_dict() with torch.save instead`);
  }
  return folder;
}

function readByteOrder(archive: ZipArchive, folder: string): boolean {
  const record = `${folder}/byteorder`;
  if (!archive.has(record)) return true;
  const order = new TextDecoder().decode(archive.read(record)).trim();
  if (order !== "little" && order !== "big") throw new UnpicklingError(`${archive.source}: record '${record}' says '${order}'; expected 'little' or 'big'`);
  return order === "little";
}

function loadRecord(archive: ZipArchive, folder: string, id: StorageId, littleEndian: boolean): CheckpointStorage {
  const record = `${folder}/data/${id.key}`;
  if (!archive.has(record)) throw new UnpicklingError(`${archive.source}: storage '${id.key}' has no record '${record}'; the checkpoint is incomplete`);
  const bytes = archive.read(record);
  const dtype = id.type.dtype;
  const expected = id.numel * itemSize(dtype);
  if (bytes.length !== expected) {
    throw new UnpicklingError(`${archive.source}: record '${record}' holds ${bytes.length} bytes but its ${id.numel}-element ${id.type.qualifiedName} needs ${expected}; the checkpoint is corrupt`);
  }
  const storage = CheckpointStorage.allocate(id.key, dtype, id.numel);
  storage.fill(bytes, littleEndian);
  return storage;
}
