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
let defaultDevice = new Device("cpu");

export function registerBackend(backend: Backend): void {
  byName.set(backend.name, backend);
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
    throw new DeviceError(
      `No backend serves device '${type}'. Import a backend package first, e.g. import "@taimatsu/${type === "cpu" ? "cpu-native" : type}"`,
    );
  }
  return best;
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
