import { readFileSync } from "node:fs";
import { DatasetFileError } from "./dataset-file-error.js";
import { sharedBytes } from "./shared-bytes.js";

/**
 * Reads an IDX file of unsigned bytes (the MNIST format): a big-endian
 * header (0, 0, type 0x08, number of dimensions, then each dimension as a
 * uint32) followed by the values. Returns the dimensions and the values in
 * shared memory.
 */
export function readIdxBytes(path: string, what: string): { dims: number[]; data: Uint8Array } {
  return parseIdxBytes(readFileSync(path), path, what);
}

/** `readIdxBytes` for bytes already in memory; `path` is only used in messages. */
export function parseIdxBytes(bytes: Uint8Array, path: string, what: string): { dims: number[]; data: Uint8Array } {
  const corrupt = (why: string) => new DatasetFileError(path, `${what}: ${path} is truncated or corrupt (${why}); delete it and download again`);
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) throw corrupt("bad magic number");
  if (bytes[2] !== 0x08) throw corrupt(`element type 0x${bytes[2]!.toString(16)}, expected unsigned bytes (0x08)`);
  const ndim = bytes[3]!;
  const header = 4 + 4 * ndim;
  if (bytes.length < header) throw corrupt("header cut short");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: ndim }, (_, k) => view.getUint32(4 + 4 * k));
  const count = dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== header + count) throw corrupt(`${bytes.length} bytes, expected ${header + count} for dimensions ${dims.join("x")}`);
  const data = sharedBytes(count);
  data.set(bytes.subarray(header));
  return { dims, data };
}
