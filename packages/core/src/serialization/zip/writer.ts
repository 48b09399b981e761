/**
 * A ZIP writer for PyTorch checkpoints, laid out as PyTorch's own writer lays
 * them out: every record STORED (uncompressed), and each record's data
 * starting at a multiple of 64 bytes, reached by padding the local header's
 * extra field with an "FB" block of 'Z's, so a reader can map tensors in
 * place. The archive is returned as chunks (headers and the records' own
 * bytes), so large tensors are never copied into one buffer.
 */
import { crc32 } from "./crc32.js";
import { ZipError } from "./reader.js";

const ALIGNMENT = 64;
const LOCAL_HEADER = 30;
const CENTRAL_HEADER = 46;
const EOCD_SIZE = 22;
const MAX_32 = 0xffffffff;
/** Version 2.0 (what STORED entries need), and DOS time 1980-01-01 00:00, so the bytes do not depend on the clock. */
const VERSION = 20;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

export interface ZipRecord {
  name: string;
  data: Uint8Array;
}

interface Placed {
  name: Uint8Array;
  crc: number;
  size: number;
  offset: number;
}

/** The archive's bytes, in order. Throws beyond 4 GiB (ZIP64 is not written). */
export function zipChunks(records: readonly ZipRecord[], source: string): Uint8Array[] {
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  const placed: Placed[] = [];
  let at = 0;
  for (const record of records) {
    const name = encoder.encode(record.name);
    const padding = paddingFor(at + LOCAL_HEADER + name.length + 4);
    const header = new Uint8Array(LOCAL_HEADER + name.length + 4 + padding);
    const crc = crc32(record.data);
    const v = new DataView(header.buffer);
    v.setUint32(0, 0x04034b50, true);
    v.setUint16(4, VERSION, true);
    v.setUint16(10, 0, true); // time
    v.setUint16(12, DOS_DATE, true);
    v.setUint32(14, crc, true);
    v.setUint32(18, record.data.length, true);
    v.setUint32(22, record.data.length, true);
    v.setUint16(26, name.length, true);
    v.setUint16(28, 4 + padding, true);
    header.set(name, LOCAL_HEADER);
    extraField(header.subarray(LOCAL_HEADER + name.length), padding);
    placed.push({ name, crc, size: record.data.length, offset: at });
    chunks.push(header, record.data);
    at += header.length + record.data.length;
    if (at > MAX_32) throw tooLarge(source);
  }
  const directoryStart = at;
  for (const p of placed) {
    const entry = new Uint8Array(CENTRAL_HEADER + p.name.length);
    const v = new DataView(entry.buffer);
    v.setUint32(0, 0x02014b50, true);
    v.setUint16(4, VERSION, true);
    v.setUint16(6, VERSION, true);
    v.setUint16(14, DOS_DATE, true);
    v.setUint32(16, p.crc, true);
    v.setUint32(20, p.size, true);
    v.setUint32(24, p.size, true);
    v.setUint16(28, p.name.length, true);
    v.setUint32(42, p.offset, true);
    entry.set(p.name, CENTRAL_HEADER);
    chunks.push(entry);
    at += entry.length;
  }
  if (at > MAX_32 || placed.length > 0xffff) throw tooLarge(source);
  const end = new Uint8Array(EOCD_SIZE);
  const v = new DataView(end.buffer);
  v.setUint32(0, 0x06054b50, true);
  v.setUint16(8, placed.length, true);
  v.setUint16(10, placed.length, true);
  v.setUint32(12, at - directoryStart, true);
  v.setUint32(16, directoryStart, true);
  chunks.push(end);
  return chunks;
}

/** Bytes of 'Z' that bring `dataStart` (after a 4-byte "FB" block header) to the next multiple of 64. */
function paddingFor(dataStart: number): number {
  return (ALIGNMENT - (dataStart % ALIGNMENT)) % ALIGNMENT;
}

function extraField(out: Uint8Array, padding: number): void {
  out[0] = 0x46; // 'F'
  out[1] = 0x42; // 'B'
  out[2] = padding & 0xff;
  out[3] = padding >> 8;
  out.fill(0x5a, 4, 4 + padding); // 'Z'
}

function tooLarge(source: string): ZipError {
  return new ZipError(`${source}: the checkpoint exceeds 4 GiB or 65535 records, which needs ZIP64; save it as safetensors (a .safetensors path or { format: "safetensors" }) instead`);
}
