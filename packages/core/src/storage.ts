import type { Backend, DeviceBuffer } from "./backend/backend.js";
import { itemSize, type DType } from "./dtype.js";

/**
 * A refcounted block of backend memory. Every tensor (and view) holds one
 * reference; the buffer goes back to the backend when the last one lets go,
 * by `dispose()` or by garbage collection.
 */
export class Storage {
  private refs = 0;
  /** Bumped by every in-place write, so autograd can tell saved tensors were modified. */
  version = 0;

  constructor(
    readonly backend: Backend,
    readonly buffer: DeviceBuffer,
    readonly dtype: DType,
    readonly numel: number,
    readonly deviceKey: string,
  ) {
    stats.add(deviceKey, 0, this.nbytes);
    stats.storages++;
  }

  get nbytes(): number {
    return this.numel * itemSize(this.dtype);
  }

  get alive(): boolean {
    return this.refs > 0;
  }

  retain(): void {
    this.refs++;
  }

  release(): void {
    if (--this.refs === 0) {
      this.backend.allocator.free(this.buffer);
      stats.add(this.deviceKey, 0, -this.nbytes);
      stats.storages--;
    }
  }
}

/** Live tensors and bytes per device, for `torch.memory()`. */
class MemoryStats {
  storages = 0;
  readonly perDevice = new Map<string, { tensors: number; bytes: number }>();

  add(device: string, tensors: number, bytes: number): void {
    const s = this.perDevice.get(device) ?? { tensors: 0, bytes: 0 };
    s.tensors += tensors;
    s.bytes += bytes;
    this.perDevice.set(device, s);
  }
}

export const stats = new MemoryStats();

/**
 * Tensors release their storage reference when collected. The held value is
 * the storage and its device, so collection of the tensor object frees memory.
 */
export const tensorFinalizer = new FinalizationRegistry<Storage>((storage) => {
  stats.add(storage.deviceKey, -1, 0);
  storage.release();
});

export interface MemoryReport {
  /** Live tensors (including views) per device. */
  tensors: number;
  /** Bytes of live storage. */
  bytes: number;
  storages: number;
  devices: Record<string, { tensors: number; bytes: number }>;
}

export function memory(): MemoryReport {
  let tensors = 0;
  let bytes = 0;
  const devices: Record<string, { tensors: number; bytes: number }> = {};
  for (const [k, v] of stats.perDevice) {
    devices[k] = { ...v };
    tensors += v.tensors;
    bytes += v.bytes;
  }
  return { tensors, bytes, storages: stats.storages, devices };
}
