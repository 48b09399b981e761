import type { backends, DType } from "@taimatsu/core";
import { native } from "./native.js";

/**
 * A block of addon-owned memory. `address` is the raw pointer as a number
 * (exact: user-space addresses fit in 53 bits); it becomes 0 once freed so a
 * stale view fails loudly instead of touching freed memory.
 */
export class NativeBuffer {
  constructor(
    public address: number,
    readonly bytes: number,
    readonly dtype: DType,
  ) {}
}

export function nativeBuffer(b: backends.DeviceBuffer): NativeBuffer {
  return b as NativeBuffer;
}

export function allocate(dtype: DType, bytes: number): NativeBuffer {
  return new NativeBuffer(native.alloc(bytes), bytes, dtype);
}
