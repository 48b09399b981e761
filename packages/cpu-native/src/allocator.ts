import { itemSize, type backends, type DType, type HostArray } from "@taimatsu/core";
import { allocate, nativeBuffer } from "./buffer.js";
import { native } from "./native.js";

/** A host array of `dtype` and `n` elements, the type core expects back from reads. */
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
  const buf = nativeBuffer(b);
  const start = offset * itemSize(dtype);
  if (!buf.address) throw new Error("cpu-native: buffer was already freed");
  if (offset < 0 || start + bytes > buf.bytes) {
    throw new RangeError(`cpu-native: access of ${bytes} bytes at byte ${start} is outside a buffer of ${buf.bytes} bytes`);
  }
  return buf.address + start;
}

function readHost(b: backends.DeviceBuffer, dtype: DType, offset: number, numel: number): HostArray {
  const out = hostArray(dtype, numel);
  if (numel > 0) native.read(at(b, dtype, offset, out.byteLength), out);
  return out;
}

/**
 * Native memory: allocated and freed by the addon (which reports it to V8 so
 * garbage collection keeps pace with training loops); freed exactly when core
 * calls `free`. Reads and writes are single memcpys.
 */
export const nativeAllocator: backends.Allocator = {
  allocate: (dtype, numel) => {
    if (!Number.isSafeInteger(numel)) throw new RangeError(`cpu-native: cannot allocate ${numel} elements of ${dtype}`);
    return allocate(dtype, numel * itemSize(dtype));
  },
  free(b) {
    const buf = nativeBuffer(b);
    if (!buf.address) return;
    native.free(buf.address, buf.bytes);
    buf.address = 0;
  },
  write(b, dtype, data, offset) {
    if (data.length === 0) return;
    native.write(at(b, dtype, offset, data.byteLength), data, dtype === "bool");
  },
  readSync: readHost,
  read: async (b, dtype, offset, numel) => readHost(b, dtype, offset, numel),
  copy(dst, dstOffset, src, srcOffset, numel, dtype) {
    const bytes = numel * itemSize(dtype);
    if (numel > 0) native.copy(at(dst, dtype, dstOffset, bytes), at(src, dtype, srcOffset, bytes), bytes);
  },
};
