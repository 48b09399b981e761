import { itemSize, type DType } from "../../dtype.js";
import { dtypeFromSafetensors } from "./dtype.js";
import { SafetensorsError } from "./error.js";

/**
 * Reading and checking a safetensors header: 8 bytes of little-endian
 * header length, then that many bytes of UTF-8 JSON mapping tensor names to
 * {dtype, shape, data_offsets} (offsets relative to the data after the
 * header), plus an optional `__metadata__` string map. Every check runs
 * before any tensor memory is allocated.
 */

/** The safetensors library refuses headers above 100 MB; so do we. */
export const MAX_HEADER_BYTES = 100_000_000;

export interface TensorEntry {
  name: string;
  dtype: DType;
  shape: number[];
  /** Byte range in the data section. */
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  /** Bytes of JSON after the 8-byte length (the data starts at 8 + headerLength). */
  headerLength: number;
  metadata: Record<string, string>;
  /** In the order the header lists them. */
  tensors: TensorEntry[];
}

/** The header length from the first 8 bytes, checked against the file size. */
export function readHeaderLength(prefix: Uint8Array, fileSize: number, source: string): number {
  if (fileSize < 8 || prefix.length < 8) {
    throw new SafetensorsError(source, `file is truncated: ${fileSize} bytes, but a safetensors file starts with an 8-byte header length`);
  }
  const n = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES)) throw new SafetensorsError(source, `header length ${n} exceeds the 100 MB limit; the file is corrupt or not safetensors`);
  if (n > BigInt(fileSize - 8)) throw new SafetensorsError(source, `header length ${n} runs past the end of the file (${fileSize} bytes); the file is truncated or corrupt`);
  return Number(n);
}

/** Parses and validates the JSON header; `dataLength` is the size of everything after it. */
export function parseHeader(json: Uint8Array, dataLength: number, source: string): SafetensorsHeader {
  if (json[0] !== 0x7b) throw new SafetensorsError(source, "header does not start with '{'; not a safetensors file");
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(json));
  } catch (e) {
    throw new SafetensorsError(source, `header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new SafetensorsError(source, "header JSON is not an object");
  const metadata: Record<string, string> = {};
  const tensors: TensorEntry[] = [];
  for (const [name, info] of Object.entries(parsed as Record<string, unknown>)) {
    if (name === "__metadata__") Object.assign(metadata, checkMetadata(info, source));
    else tensors.push(checkEntry(name, info, dataLength, source));
  }
  checkLayout(tensors, dataLength, source);
  return { headerLength: json.length, metadata, tensors };
}

function checkMetadata(info: unknown, source: string): Record<string, string> {
  if (info === null || typeof info !== "object" || Array.isArray(info)) throw new SafetensorsError(source, "__metadata__ must be an object of strings");
  for (const [k, v] of Object.entries(info)) {
    if (typeof v !== "string") throw new SafetensorsError(source, `__metadata__ value for '${k}' is a ${typeof v}, but the format allows only strings`);
  }
  return info as Record<string, string>;
}

const isCount = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

function checkEntry(name: string, info: unknown, dataLength: number, source: string): TensorEntry {
  const where = `tensor '${name}'`;
  if (info === null || typeof info !== "object") throw new SafetensorsError(source, `${where}: entry is not an object`);
  const { dtype: rawDType, shape, data_offsets: offsets } = info as Record<string, unknown>;
  const found = dtypeFromSafetensors(rawDType);
  if ("error" in found) throw new SafetensorsError(source, `${where}: ${found.error}`);
  const { dtype } = found;
  if (!Array.isArray(shape) || !shape.every(isCount)) throw new SafetensorsError(source, `${where}: shape ${JSON.stringify(shape)} is not a list of non-negative integers`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    throw new SafetensorsError(source, `${where}: data_offsets ${JSON.stringify(offsets)} is not a pair of non-negative integers`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end || end > dataLength) {
    throw new SafetensorsError(source, `${where}: data_offsets [${begin}, ${end}] are out of range (the data section has ${dataLength} bytes)`);
  }
  // BigInt: a corrupt shape's byte count may not fit a double exactly
  const bytes = (shape as number[]).reduce((n, d) => n * BigInt(d), BigInt(itemSize(dtype)));
  if (bytes !== BigInt(end - begin)) {
    throw new SafetensorsError(source, `${where}: shape [${(shape as number[]).join(", ")}] of ${rawDType} needs ${bytes} bytes, but data_offsets [${begin}, ${end}] span ${end - begin}`);
  }
  return { name, dtype, shape: shape as number[], begin, end };
}

/** The format requires the tensors to tile the data section exactly: no overlaps, no holes. */
function checkLayout(tensors: readonly TensorEntry[], dataLength: number, source: string): void {
  const sorted = [...tensors].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  let previous = "";
  for (const t of sorted) {
    if (t.begin < at) throw new SafetensorsError(source, `tensor '${t.name}' overlaps tensor '${previous}' (data_offsets start at ${t.begin}, before ${at})`);
    if (t.begin > at) throw new SafetensorsError(source, `the data section has a hole of ${t.begin - at} bytes before tensor '${t.name}' (at ${at})`);
    at = t.end;
    previous = t.name;
  }
  if (at !== dataLength) throw new SafetensorsError(source, `the data section has ${dataLength} bytes, but the tensors cover only ${at}; the file is corrupt`);
}
