import type { Backend, BackendMemory, DeviceBuffer } from "./backend/backend.js";
import { listBackends } from "./backend/registry.js";
import type { Device } from "./device.js";
import { itemSize, type DType } from "./dtype.js";
import { noteFinalized } from "./memory-growth.js";

/** Live tensors and bytes on one device, for `torch.memory()`. */
interface DeviceCounts {
  tensors: number;
  bytes: number;
}

/** Live tensors and bytes per device, for `torch.memory()`. */
class MemoryStats {
  storages = 0;
  readonly perDevice = new Map<string, DeviceCounts>();

  /** The counters of `device`; storages hold on to them so that counting costs no lookup. */
  counts(device: string): DeviceCounts {
    let c = this.perDevice.get(device);
    if (!c) this.perDevice.set(device, (c = { tensors: 0, bytes: 0 }));
    return c;
  }
}

export const stats = new MemoryStats();

let storageSerial = 0;

/**
 * A refcounted block of backend memory. Every tensor (and view) holds one
 * reference; the buffer goes back to the backend when the last one lets go,
 * by `dispose()` or by garbage collection. The references are the storage's
 * live tensors, so they are also what `torch.memory()` counts as tensors.
 */
export class Storage {
  private refs = 0;
  /** Bumped by every in-place write, so autograd can tell saved tensors were modified. */
  version = 0;
  /** Creation order: a storage made after some point holds memory nothing older can share. */
  readonly serial = ++storageSerial;
  private readonly counts: DeviceCounts;
  /** The device as a string ("cpu", "cuda:1"): device checks compare it. */
  readonly deviceKey: string;
  /** The device's index for allocator calls (0 on devices without one, such as "cpu"). */
  readonly deviceIndex: number;

  /** `device` is as tensors report it: with an index on backends that count devices, without one otherwise. */
  constructor(
    readonly backend: Backend,
    readonly buffer: DeviceBuffer,
    readonly dtype: DType,
    readonly numel: number,
    readonly device: Device,
  ) {
    if (!Number.isSafeInteger(numel) || numel < 0) throw new RangeError(`Storage: invalid element count ${numel}`);
    this.deviceKey = device.key;
    this.deviceIndex = device.index ?? 0;
    this.counts = stats.counts(this.deviceKey);
    this.counts.bytes += this.nbytes;
    stats.storages++;
  }

  get nbytes(): number {
    return this.numel * itemSize(this.dtype);
  }

  get alive(): boolean {
    return this.refs > 0;
  }

  /** A tensor starts using this storage. */
  retain(): void {
    this.refs++;
    this.counts.tensors++;
  }

  /** A tensor stops using it (disposed or collected); the last one frees the buffer. */
  release(): void {
    this.counts.tensors--;
    if (--this.refs === 0) {
      this.backend.allocator.free(this.buffer, this.deviceIndex);
      this.counts.bytes -= this.nbytes;
      stats.storages--;
    }
  }
}

/** The serial the next storage will get: storages with a serial at least this are newer than now. */
export function nextStorageSerial(): number {
  return storageSerial + 1;
}

/**
 * Tensors release their storage reference when collected. The held value is
 * the storage, so collection of the tensor object frees memory. Tensors inside
 * a `torch.scope` are registered only once they leave it (see scope.ts).
 */
export const tensorFinalizer = new FinalizationRegistry<Storage>((storage) => {
  noteFinalized();
  storage.release();
});

export interface MemoryReport {
  /** Live tensors (including views) per device. */
  tensors: number;
  /** Bytes of live storage. */
  bytes: number;
  storages: number;
  devices: Record<string, { tensors: number; bytes: number }>;
  /**
   * What each backend that counts its own memory reports, by backend name and
   * device ("cuda:1"): bytes it holds for live buffers and bytes of freed
   * buffers it caches for reuse (`torch.backends.emptyCache()` returns those).
   */
  backends: Record<string, Record<string, BackendMemory>>;
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
  return { tensors, bytes, storages: stats.storages, devices, backends: backendMemory() };
}

function backendMemory(): Record<string, Record<string, BackendMemory>> {
  const out: Record<string, Record<string, BackendMemory>> = {};
  for (const b of listBackends()) {
    if (!b.memory) continue;
    const perDevice: Record<string, BackendMemory> = {};
    for (const [index, m] of Object.entries(b.memory())) perDevice[b.deviceCount ? `${b.deviceType}:${index}` : b.deviceType] = { ...m };
    out[b.name] = perDevice;
  }
  return out;
}
