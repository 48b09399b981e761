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
 * The most one buffer may ask of the system: 2^47 bytes (128 TiB) is all the
 * address space a 64-bit process has. A larger, negative or non-integer byte
 * count would reach the addon's size_t conversion and V8's external-memory
 * accounting, which abort the process instead of throwing.
 */
const MAX_BUFFER_BYTES = 2 ** 47;

/**
 * The addon reports native memory to V8 once per turn of the event loop (see
 * addon.cc): the first allocation of a turn schedules that report.
 */
export function allocate(dtype: DType, bytes: number): NativeBuffer {
  if (!Number.isSafeInteger(bytes) || bytes < 0 || bytes > MAX_BUFFER_BYTES) {
    throw new RangeError(`cpu-native: cannot allocate ${bytes} bytes for a ${dtype} tensor (at most ${MAX_BUFFER_BYTES} bytes per buffer)`);
  }
  const buffer = new NativeBuffer(native.alloc(bytes), bytes, dtype);
  if (!flushPending) {
    flushPending = true;
    setImmediate(flush).unref();
  }
  return buffer;
}
