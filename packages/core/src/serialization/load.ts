import type { DeviceLike } from "../device.js";
import type { Tensor } from "../tensor.js";
import { joinCheckpoint } from "./checkpoint/tree.js";
import { describePrefix, detectFormat, MAGIC_BYTES } from "./files/file-format.js";
import { nodeFs } from "./files/node-fs.js";
import { SafetensorsError } from "./safetensors/error.js";
import { parseHeader, readHeaderLength, type SafetensorsHeader } from "./safetensors/header.js";
import { STRUCTURE_KEY } from "./save.js";
import { tensorFromBytes } from "./files/tensor-bytes.js";
import { loadTorchCheckpoint } from "./torch-checkpoint/index.js";
import { setEntry } from "../utils/own-entry.js";

export interface LoadOptions {
  /** Where to create the tensors (PyTorch's `map_location`); default: the default device. */
  device?: DeviceLike;
}

/** A safetensors file as stored: tensors by name in header order, and the `__metadata__` strings. */
export interface SafetensorsContents {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
}

function buildTensors(header: SafetensorsHeader, data: Uint8Array, device: DeviceLike | undefined): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const t of header.tensors) setEntry(out, t.name, tensorFromBytes(data.subarray(t.begin, t.end), t.dtype, t.shape, device));
  return out;
}

/** A checkpoint saved with structure gets it back; a plain file is its tensors by name. */
function assemble(contents: SafetensorsContents, source: string): unknown {
  const structure = contents.metadata[STRUCTURE_KEY];
  if (structure === undefined) return contents.tensors;
  let parsed: unknown;
  try {
    parsed = JSON.parse(structure);
  } catch (e) {
    throw new SafetensorsError(source, `__metadata__.${STRUCTURE_KEY} is not valid JSON (${(e as Error).message})`);
  }
  const byName = new Map(Object.entries(contents.tensors));
  return joinCheckpoint(parsed, byName, (name) => {
    throw new SafetensorsError(source, `the checkpoint structure refers to tensor '${name}', which the file does not contain`);
  });
}

function unknownFormat(prefix: Uint8Array, source: string): never {
  throw new SafetensorsError(source, `not a safetensors file or a PyTorch checkpoint (first bytes: ${describePrefix(prefix)})`);
}

/** Parses safetensors bytes held in memory. */
export function safetensorsFromBytes(bytes: Uint8Array, options: LoadOptions & { source?: string } = {}): SafetensorsContents {
  const source = options.source ?? "<bytes>";
  const n = readHeaderLength(bytes, bytes.length, source);
  const header = parseHeader(bytes.subarray(8, 8 + n), bytes.length - 8 - n, source);
  return { tensors: buildTensors(header, bytes.subarray(8 + n), options.device), metadata: { ...header.metadata } };
}

/**
 * `torch.load` from bytes: safetensors (ours or anyone's), or a PyTorch
 * checkpoint (zip or legacy format).
 */
export function loadFromBytes<T = unknown>(bytes: Uint8Array, options: LoadOptions & { source?: string } = {}): T {
  const source = options.source ?? "<bytes>";
  switch (detectFormat(bytes.subarray(0, MAGIC_BYTES))) {
    case "safetensors": return assemble(safetensorsFromBytes(bytes, options), source) as T;
    case "torch-zip": case "torch-pickle": return loadTorchCheckpoint(bytes, { source }) as T;
    case "unknown": return unknownFormat(bytes, source);
  }
}

/** Reads exactly `length` bytes at `position`, or fails naming the file. */
function readAt(fd: number, length: number, position: number, path: string): Uint8Array {
  const fs = nodeFs("load");
  const buf = new Uint8Array(length);
  for (let got = 0; got < length; ) {
    const n = fs.readSync(fd, buf, got, length - got, position + got);
    if (n === 0) throw new SafetensorsError(path, `file ended after ${position + got} bytes while reading; it is truncated`);
    got += n;
  }
  return buf;
}

/** Header first, checked, then the data: a corrupt header never causes a large allocation. */
function readSafetensorsFile(fd: number, size: number, path: string, device: DeviceLike | undefined): SafetensorsContents {
  const n = readHeaderLength(readAt(fd, Math.min(8, size), 0, path), size, path);
  const header = parseHeader(readAt(fd, n, 8, path), size - 8 - n, path);
  const data = readAt(fd, size - 8 - n, 8 + n, path);
  return { tensors: buildTensors(header, data, device), metadata: { ...header.metadata } };
}

function withFile<T>(path: string, op: string, body: (fd: number, size: number) => T): T {
  const fs = nodeFs(op);
  let fd: number;
  try {
    fd = fs.openSync(path, "r");
  } catch (e) {
    throw new Error(`${op}: could not open '${path}': ${(e as Error).message}`, { cause: e });
  }
  try {
    return body(fd, fs.fstatSync(fd).size);
  } finally {
    fs.closeSync(fd);
  }
}

/** The raw contents of a safetensors file: tensors by name and its `__metadata__`. */
export function loadSafetensors(path: string, options: LoadOptions = {}): SafetensorsContents {
  return withFile(path, "loadSafetensors", (fd, size) => readSafetensorsFile(fd, size, path, options.device));
}

/**
 * `torch.load(path)`: what `save` wrote (a state dict, or a checkpoint with
 * its numbers and nested objects), any safetensors file (its tensors by
 * name), or a PyTorch `.pt`/`.pth` checkpoint. The format is recognised from
 * the file's first bytes. Corrupt files raise an error naming the file and
 * the problem.
 *
 * @example
 * ```ts
 * model.loadStateDict(torch.load("model.safetensors"));
 * ```
 */
export function load<T = any>(path: string, options: LoadOptions = {}): T {
  return withFile(path, "load", (fd, size) => {
    const prefix = readAt(fd, Math.min(MAGIC_BYTES, size), 0, path);
    switch (detectFormat(prefix)) {
      case "safetensors": return assemble(readSafetensorsFile(fd, size, path, options.device), path) as T;
      case "torch-zip": case "torch-pickle": return loadTorchCheckpoint(readAt(fd, size, 0, path), { source: path }) as T;
      case "unknown": return unknownFormat(prefix, path);
    }
  });
}

/** `load` without blocking the event loop while the file is read. */
export async function loadAsync<T = any>(path: string, options: LoadOptions = {}): Promise<T> {
  let bytes: Uint8Array;
  try {
    const buffer = await nodeFs("loadAsync").promises.readFile(path);
    bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (e) {
    throw new Error(`loadAsync: could not open '${path}': ${(e as Error).message}`, { cause: e });
  }
  return loadFromBytes<T>(bytes, { ...options, source: path });
}
