import type { Allocator, DeviceBuffer } from "../../backend/backend.js";
import type { DType, HostArray } from "../../dtype.js";
import { hostArray } from "../../dtype.js";
import { RefBuffer, newData } from "./buffer.js";

function buf(b: DeviceBuffer): RefBuffer {
  return b as RefBuffer;
}

export const referenceAllocator: Allocator = {
  allocate: (dtype, numel) => new RefBuffer(newData(dtype, numel)),
  free: () => {
    // JS arrays are collected with the buffer object.
  },
  write(b, dtype, data, offset) {
    const dst = buf(b).data;
    if (dtype === "int64") {
      const src = data as BigInt64Array;
      for (let i = 0; i < src.length; i++) dst[offset + i] = Number(src[i]);
    } else dst.set(data as ArrayLike<number>, offset);
  },
  readSync(b, dtype, offset, numel) {
    return readHost(buf(b), dtype, offset, numel);
  },
  read: async (b, dtype, offset, numel) => readHost(buf(b), dtype, offset, numel),
  copy(dst, dstOffset, src, srcOffset, numel) {
    buf(dst).data.set(buf(src).data.subarray(srcOffset, srcOffset + numel) as never, dstOffset);
  },
};

function readHost(b: RefBuffer, dtype: DType, offset: number, numel: number): HostArray {
  const out = hostArray(dtype, numel);
  const src = b.data;
  if (dtype === "int64") {
    const o = out as BigInt64Array;
    for (let i = 0; i < numel; i++) o[i] = BigInt(src[offset + i]!);
  } else (out as Float32Array).set(src.subarray(offset, offset + numel) as never);
  return out;
}
