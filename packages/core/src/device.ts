import { DeviceError } from "./errors.js";

/** A device as PyTorch writes it: "cpu", "cuda", "cuda:1", "webgpu". */
export class Device {
  /** `toString()`, computed once: storages and device checks compare it. */
  readonly key: string;

  constructor(
    readonly type: string,
    readonly index: number | null = null,
  ) {
    this.key = index === null ? type : `${type}:${index}`;
  }

  static parse(spec: DeviceLike): Device {
    if (spec instanceof Device) return spec;
    // `tensor.device` parses its storage's device key on every access: devices are immutable, so share them
    const known = parsed.get(spec);
    if (known) return known;
    const m = /^([a-z][a-z0-9_-]*)(?::(\d+))?$/.exec(spec);
    if (!m) throw new DeviceError(`Invalid device string: '${spec}' (expected e.g. "cpu", "cuda:0")`);
    const device = new Device(m[1]!, m[2] === undefined ? null : Number(m[2]));
    if (parsed.size < MAX_PARSED) parsed.set(spec, device);
    return device;
  }

  equals(other: Device): boolean {
    return this.type === other.type && (this.index ?? 0) === (other.index ?? 0);
  }

  toString(): string {
    return this.key;
  }
}

/** Devices by the strings they were parsed from; a program names only a handful, the bound is a safeguard. */
const parsed = new Map<string, Device>();
const MAX_PARSED = 64;

export type DeviceLike = Device | string;

/**
 * `torch.device("cuda:1")` or `torch.device("cuda", 1)`: the device object
 * tensors report (`t.device`), comparable with `equals`.
 */
export function device(spec: DeviceLike, index?: number): Device {
  if (index === undefined) return Device.parse(spec);
  const d = Device.parse(spec);
  if (d.index !== null) throw new DeviceError(`device: type (string) must not include an index because index was passed explicitly: ${spec}`);
  if (!Number.isInteger(index) || index < 0) throw new DeviceError(`device: Device index must not be negative, got ${index}`);
  return Device.parse(`${d.type}:${index}`);
}
