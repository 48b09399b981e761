import type { DType, HostArray } from "@taimatsu/core";
import { wgslOf } from "../kernels/dtype-wgsl.js";

/** Bytes of `numel` elements of `dtype` on the device (whole 32-bit words each). */
export function deviceBytes(dtype: DType, numel: number): number {
  return numel * wgslOf(dtype).words * 4;
}

/** The device words of a host array: uint8 and bool widen to one u32 each; the others are already words. */
export function toDeviceBytes(dtype: DType, data: HostArray): Uint8Array {
  if (dtype === "uint8" || dtype === "bool") {
    const words = Uint32Array.from(data as Uint8Array);
    return new Uint8Array(words.buffer);
  }
  const view = data as Float32Array | Int32Array | BigInt64Array;
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** The host array of `dtype` for device words read back. */
export function fromDeviceBytes(dtype: DType, bytes: ArrayBuffer): HostArray {
  switch (dtype) {
    case "float32":
      return new Float32Array(bytes);
    case "int32":
      return new Int32Array(bytes);
    case "int64":
      return new BigInt64Array(bytes);
    case "uint8":
    case "bool":
      return Uint8Array.from(new Uint32Array(bytes));
    default:
      throw new Error(`webgpu: no storage for ${dtype}`);
  }
}
