import { DeviceError } from "./errors.js";

/** A device as PyTorch writes it: "cpu", "cuda", "cuda:1", "webgpu". */
export class Device {
  constructor(
    readonly type: string,
    readonly index: number | null = null,
  ) {}

  static parse(spec: DeviceLike): Device {
    if (spec instanceof Device) return spec;
    const m = /^([a-z][a-z0-9_-]*)(?::(\d+))?$/.exec(spec);
    if (!m) throw new DeviceError(`Invalid device string: '${spec}' (expected e.g. "cpu", "cuda:0")`);
    return new Device(m[1]!, m[2] === undefined ? null : Number(m[2]));
  }

  equals(other: Device): boolean {
    return this.type === other.type && (this.index ?? 0) === (other.index ?? 0);
  }

  toString(): string {
    return this.index === null ? this.type : `${this.type}:${this.index}`;
  }
}

export type DeviceLike = Device | string;
