import { Device, type DeviceLike } from "../device.js";
import { DeviceError } from "../errors.js";
import type { Backend } from "./backend.js";

/**
 * Backends register themselves on import. Several may serve one device type
 * (the reference backend and cpu-native both serve "cpu"); the active one is the
 * highest-priority backend unless the user picks another with `use`.
 */
const byName = new Map<string, Backend>();
const chosen = new Map<string, string>(); // device type -> backend name picked by the user
const unavailable = new Map<string, { name: string; reason: string }>(); // device type -> why its package did not register
let defaultDevice = new Device("cpu");

export function registerBackend(backend: Backend): void {
  byName.set(backend.name, backend);
}

/**
 * Records that the backend package `name` for `deviceType` was imported but
 * cannot run here (no driver, no device), and why. It stays unregistered, so
 * `isAvailable(deviceType)` is false; naming the device then raises a
 * `DeviceError` carrying `reason` instead of "import a backend package".
 */
export function registerUnavailable(deviceType: string, name: string, reason: string): void {
  unavailable.set(deviceType, { name, reason });
}

/** Why the backend packages imported for `deviceType` could not register, if one said so. */
export function unavailableReason(deviceType: string): string | undefined {
  const u = unavailable.get(deviceType);
  return u && `${u.name}: ${u.reason}`;
}

export function listBackends(): Backend[] {
  return [...byName.values()];
}

export function getBackendByName(name: string): Backend {
  const b = byName.get(name);
  if (!b) throw new DeviceError(`No backend named '${name}' is registered (registered: ${[...byName.keys()].join(", ")})`);
  return b;
}

/** The backend that serves new tensors on `device`. */
export function backendFor(device: DeviceLike): Backend {
  const type = Device.parse(device).type;
  const pick = chosen.get(type);
  if (pick) return getBackendByName(pick);
  let best: Backend | undefined;
  for (const b of byName.values()) if (b.deviceType === type && (!best || b.priority > best.priority)) best = b;
  if (!best) {
    const why = unavailable.get(type);
    if (why) throw new DeviceError(`Device '${type}' is not available: the ${why.name} backend was imported but cannot run here: ${why.reason}`);
    throw new DeviceError(
      `No backend serves device '${type}'. Import a backend package first, e.g. import "@taimatsu/${type === "cpu" ? "cpu-native" : type}"`,
    );
  }
  return best;
}

/**
 * The backend serving `device` and the device as its tensors report it: with
 * an index (`"cuda"` is `cuda:0`) where the backend counts its devices,
 * without one where it does not (`"cpu:0"` is `cpu`). An index past the
 * backend's device count is a `DeviceError`.
 */
export function placeOf(device: DeviceLike): { backend: Backend; device: Device } {
  const d = Device.parse(device);
  const backend = backendFor(d);
  if (!backend.deviceCount) {
    if (d.index !== null && d.index !== 0) throw invalidOrdinal(d, backend, 1);
    return { backend, device: d.index === null ? d : Device.parse(d.type) };
  }
  const count = backend.deviceCount();
  const index = d.index ?? 0;
  if (index >= count) throw invalidOrdinal(d, backend, count);
  return { backend, device: d.index === null ? Device.parse(`${d.type}:0`) : d };
}

function invalidOrdinal(d: Device, backend: Backend, count: number): DeviceError {
  const has = count === 0 ? "no devices" : count === 1 ? `one device (${d.type}${backend.deviceCount ? ":0" : ""})` : `${count} devices (${d.type}:0 to ${d.type}:${count - 1})`;
  return new DeviceError(`${d}: invalid device ordinal: the ${backend.name} backend has ${has}. Pick a device it has, e.g. "${d.type}"`);
}

/** Whether some registered backend serves `type` and has at least one device of it (`torch.cuda.is_available()`). */
export function isAvailable(type: string): boolean {
  return deviceCount(type) > 0;
}

/** How many devices of `type` the backend serving it has; 0 when none serves it (`torch.cuda.device_count()`). */
export function deviceCount(type: string): number {
  let backend: Backend;
  try {
    backend = backendFor(type);
  } catch {
    return 0;
  }
  return backend.deviceCount ? backend.deviceCount() : 1;
}

/** Makes `name` the backend for its device type (undefined restores the priority rule). */
export function useBackend(deviceType: string, name: string | undefined): void {
  if (name === undefined) chosen.delete(deviceType);
  else {
    const b = getBackendByName(name);
    if (b.deviceType !== deviceType) throw new DeviceError(`Backend '${name}' serves '${b.deviceType}', not '${deviceType}'`);
    chosen.set(deviceType, name);
  }
}

/** Runs `fn` with `name` as the backend of its device type, then restores the previous choice. */
export function withBackend<T>(name: string, fn: () => T): T {
  const b = getBackendByName(name);
  const previous = chosen.get(b.deviceType);
  chosen.set(b.deviceType, name);
  try {
    return fn();
  } finally {
    if (previous === undefined) chosen.delete(b.deviceType);
    else chosen.set(b.deviceType, previous);
  }
}

export function setDefaultDevice(device: DeviceLike): void {
  defaultDevice = Device.parse(device);
}

export function getDefaultDevice(): Device {
  return defaultDevice;
}
