import { itemSize } from "../../dtype.js";
import type { Tensor } from "../../tensor.js";
import { safetensorsDTypeName, safetensorsDTypeRank } from "./dtype.js";
import { setEntry } from "../../utils/own-entry.js";

/** A tensor to write and where its bytes go. */
export interface PlannedTensor {
  name: string;
  tensor: Tensor;
  begin: number;
  end: number;
}

export interface FileLayout {
  /** The 8-byte length and the space-padded JSON header. */
  head: Uint8Array;
  /** Tensors in data order. */
  tensors: PlannedTensor[];
  dataLength: number;
}

/**
 * Lays out a safetensors file as the reference writer does: tensors sorted
 * by dtype (largest first, so each stays aligned) then name, metadata first
 * in a compact JSON header padded with spaces to a multiple of 8 bytes.
 */
export function planFile(tensors: readonly (readonly [string, Tensor])[], metadata: Record<string, string>): FileLayout {
  const sorted = [...tensors].sort(([an, a], [bn, b]) => safetensorsDTypeRank(b.dtype) - safetensorsDTypeRank(a.dtype) || (an < bn ? -1 : an > bn ? 1 : 0));
  let offset = 0;
  const planned = sorted.map(([name, tensor]) => {
    const begin = offset;
    offset += tensor.numel() * itemSize(tensor.dtype);
    return { name, tensor, begin, end: offset };
  });
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  for (const t of planned) setEntry(header, t.name, { dtype: safetensorsDTypeName(t.tensor.dtype), shape: t.tensor.shape, data_offsets: [t.begin, t.end] });
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  const head = new Uint8Array(8 + padded).fill(0x20, 8);
  new DataView(head.buffer).setBigUint64(0, BigInt(padded), true);
  head.set(json, 8);
  return { head, tensors: planned, dataLength: offset };
}
