import { itemSize, type backends, type DType, type HostArray } from "@taimatsu/core";
import { exports } from "./module.js";

/** wasm32 addresses are 32-bit: no block can reach 4 GiB, and all blocks together stay under it. */
export const MEMORY_LIMIT = 2 ** 32;

/**
 * A block of linear memory. `address` is its offset in the module's memory;
 * it becomes 0 once freed so a stale view fails loudly instead of touching
 * memory that now belongs to another tensor.
 */
export class WasmBuffer {
  constructor(
    public address: number,
    readonly bytes: number,
    readonly dtype: DType,
  ) {}
}

function wasmBuffer(b: backends.DeviceBuffer): WasmBuffer {
  return b as WasmBuffer;
}

let liveBytes = 0;

/** Bytes of tensor memory now allocated (freed blocks the module keeps for reuse not included). */
export function allocatedBytes(): number {
  return liveBytes;
}

function outOfMemory(bytes: number): Error {
  const m = exports();
  return new RangeError(
    `wasm: out of memory allocating ${bytes} bytes: WebAssembly memory (wasm32) is limited to 4 GiB and holds ` +
      `${m.memory.buffer.byteLength} bytes now (${liveBytes} in live tensors, ${m.tm_cached_bytes()} cached for reuse). ` +
      "Free tensors sooner (torch.scope, dispose()), call emptyCache(), or use @taimatsu/cpu-native in Node.",
  );
}

function allocate(dtype: DType, numel: number): WasmBuffer {
  if (!Number.isSafeInteger(numel) || numel < 0) throw new RangeError(`wasm: cannot allocate ${numel} elements of ${dtype}`);
  const bytes = numel * itemSize(dtype);
  // size_t is 32-bit inside the module: larger requests must not wrap around
  if (!(bytes < MEMORY_LIMIT)) throw outOfMemory(bytes);
  const address = exports().tm_alloc(bytes);
  if (!address) throw outOfMemory(bytes);
  liveBytes += bytes;
  return new WasmBuffer(address, bytes, dtype);
}

function hostArray(dtype: DType, n: number): HostArray {
  switch (dtype) {
    case "float32": return new Float32Array(n);
    case "float64": return new Float64Array(n);
    case "float16": case "bfloat16": return new Uint16Array(n);
    case "int32": return new Int32Array(n);
    case "int64": return new BigInt64Array(n);
    case "uint8": case "bool": return new Uint8Array(n);
  }
}

/** Address of element `offset`, after checking that `bytes` from there stay inside the buffer. */
function at(b: backends.DeviceBuffer, dtype: DType, offset: number, bytes: number): number {
  const buf = wasmBuffer(b);
  const start = offset * itemSize(dtype);
  if (!buf.address) throw new Error("wasm: buffer was already freed");
  if (offset < 0 || start + bytes > buf.bytes) {
    throw new RangeError(`wasm: access of ${bytes} bytes at byte ${start} is outside a buffer of ${buf.bytes} bytes`);
  }
  return buf.address + start;
}

/** Bytes of linear memory, through a view made now (memory may have grown since any earlier one). */
function memoryBytes(address: number, bytes: number): Uint8Array {
  return new Uint8Array(exports().memory.buffer, address, bytes);
}

function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function readHost(b: backends.DeviceBuffer, dtype: DType, offset: number, numel: number): HostArray {
  const out = hostArray(dtype, numel);
  if (numel > 0) bytesOf(out).set(memoryBytes(at(b, dtype, offset, out.byteLength), out.byteLength));
  return out;
}

/**
 * Tensor memory inside the module's linear memory, allocated and freed by
 * the module (blocks over 4 KiB are cached by size class for the next
 * allocation: platform/memory.cc). Reads are synchronous copies.
 */
export const wasmAllocator: backends.Allocator = {
  allocate,
  free(b) {
    const buf = wasmBuffer(b);
    if (!buf.address) return;
    exports().tm_free(buf.address, buf.bytes);
    liveBytes -= buf.bytes;
    buf.address = 0;
  },
  write(b, dtype, data, offset) {
    if (data.length === 0) return;
    const dst = memoryBytes(at(b, dtype, offset, data.byteLength), data.byteLength);
    const src = bytesOf(data);
    if (dtype === "bool") for (let i = 0; i < src.length; i++) dst[i] = src[i] !== 0 ? 1 : 0;
    else dst.set(src);
  },
  readSync: readHost,
  read: async (b, dtype, offset, numel) => readHost(b, dtype, offset, numel),
  copy(dst, dstOffset, src, srcOffset, numel, dtype) {
    const bytes = numel * itemSize(dtype);
    if (numel === 0) return;
    const to = at(dst, dtype, dstOffset, bytes);
    const from = at(src, dtype, srcOffset, bytes);
    const heap = new Uint8Array(exports().memory.buffer);
    heap.copyWithin(to, from, from + bytes);
  },
};
