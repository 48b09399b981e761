import type { DeviceLike } from "../../device.js";
import { itemSize, type DType, type HostArray } from "../../dtype.js";
import { fromHost } from "../../ops/dispatch.js";
import type { Tensor } from "../../tensor.js";

/**
 * Tensor data as little-endian bytes and back. Host typed arrays use the
 * machine's byte order, so big-endian machines swap; everything else is a
 * view or a single copy.
 */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function swapped(bytes: Uint8Array, size: number): Uint8Array {
  if (LITTLE_ENDIAN || size === 1) return bytes;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += size) for (let j = 0; j < size; j++) out[i + j] = bytes[i + size - 1 - j]!;
  return out;
}

/** The row-major bytes of host data read from a tensor. */
export function hostBytes(data: HostArray, dtype: DType): Uint8Array {
  return swapped(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), itemSize(dtype));
}

/** Reads a tensor's elements synchronously (CPU backends). */
export function tensorBytesSync(t: Tensor): Uint8Array {
  return hostBytes(t.dataSync(), t.dtype);
}

export async function tensorBytes(t: Tensor): Promise<Uint8Array> {
  return hostBytes(await t.data(), t.dtype);
}

function typedView(buffer: ArrayBuffer, dtype: DType): HostArray {
  switch (dtype) {
    case "float32": return new Float32Array(buffer);
    case "float64": return new Float64Array(buffer);
    case "float16": case "bfloat16": return new Uint16Array(buffer);
    case "int32": return new Int32Array(buffer);
    case "int64": return new BigInt64Array(buffer);
    case "uint8": case "bool": return new Uint8Array(buffer);
  }
}

/** A new tensor from little-endian bytes (copied, so the source may be unaligned). */
export function tensorFromBytes(bytes: Uint8Array, dtype: DType, shape: readonly number[], device?: DeviceLike): Tensor {
  // a fresh ArrayBuffer of exactly this size (Node's Buffer.slice would share the file's memory)
  const aligned = new Uint8Array(swapped(bytes, itemSize(dtype)));
  const data = typedView(aligned.buffer, dtype);
  // bool files may hold any non-zero byte for true
  if (dtype === "bool") for (let i = 0; i < data.length; i++) (data as Uint8Array)[i] = data[i] ? 1 : 0;
  return fromHost(data, shape, dtype, device);
}
