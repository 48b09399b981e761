/**
 * Reading checkpoints written by PyTorch's `torch.save`, in both of its
 * formats: the zip archive (PyTorch 1.6+) and the legacy stream before it.
 * Tensors load on the CPU whatever device they were saved from. Loading
 * never runs code from the file: only tensors, storages and plain Python
 * containers can be rebuilt, and any other Python global is refused by name.
 */
import { UnpicklingError } from "../pickle/unpickle.js";
import { loadLegacyCheckpoint } from "./legacy.js";
import { loadZipCheckpoint } from "./zip.js";

export { stripPrefix } from "./strip-prefix.js";
export { UnpicklingError } from "../pickle/unpickle.js";
export { ZipError } from "../zip/reader.js";

export interface TorchCheckpointOptions {
  /** Names the checkpoint (a path or URL) in error messages. */
  source?: string;
}

/**
 * The object a PyTorch checkpoint holds, as `torch.load(f, map_location="cpu")`
 * returns it: tensors become Taimatsu tensors (dtype, shape, strides, offset
 * and shared storages kept; `nn.Parameter`s stay parameters), dicts and
 * OrderedDicts become plain objects (a `Map` if a key is not a str or int),
 * tuples frozen arrays, lists arrays, None null. See pickle/to-js.ts.
 *
 * ```ts
 * const ckpt = loadTorchCheckpoint(readFileSync("resnet20.th"), { source: "resnet20.th" }) as { state_dict: Record<string, Tensor> };
 * model.loadStateDict(stripPrefix(ckpt.state_dict, "module."));
 * ```
 */
export function loadTorchCheckpoint(bytes: Uint8Array, options: TorchCheckpointOptions = {}): unknown {
  const source = options.source ?? "checkpoint";
  if (bytes.length === 0) throw new UnpicklingError(`${source}: the file is empty`);
  if (isZip(bytes)) return loadZipCheckpoint(bytes, source);
  if (isTar(bytes)) {
    throw new UnpicklingError(`${source}: this is PyTorch's tar checkpoint format (before 0.4), which is not supported; load it in PyTorch and save it again with torch.save`);
  }
  return loadLegacyCheckpoint(bytes, source);
}

/** A zip archive starts with a local file header (PyTorch checks the same four bytes). */
function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** POSIX tar puts "ustar" at byte 257 of its first header. */
function isTar(bytes: Uint8Array): boolean {
  return bytes.length > 262 && new TextDecoder().decode(bytes.subarray(257, 262)) === "ustar";
}
