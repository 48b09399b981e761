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

let flushPending = false;

function flush(): void {
  flushPending = false;
  native.flushExternalMemory();
}

/**
 * The addon reports native memory to V8 once per turn of the event loop (see
 * addon.cc): the first allocation of a turn schedules that report.
 */
export function allocate(dtype: DType, bytes: number): NativeBuffer {
  const buffer = new NativeBuffer(native.alloc(bytes), bytes, dtype);
  if (!flushPending) {
    flushPending = true;
    setImmediate(flush).unref();
  }
  return buffer;
}
