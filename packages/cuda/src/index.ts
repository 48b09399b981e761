/**
 * @taimatsu/cuda: the CUDA backend for NVIDIA GPUs. Importing it registers the
 * "cuda" backend for device "cuda" (`cuda:0`, `cuda:1`, ...) when an NVIDIA
 * driver and a GPU are present; otherwise the backend stays unregistered,
 * `torch.backends.isAvailable("cuda")` is false, and naming the device raises
 * an error that says why and what to install.
 *
 *   import * as torch from "@taimatsu/core";
 *   import "@taimatsu/cuda";
 *   const x = torch.randn([1024, 1024], { device: "cuda" });
 */
import * as torch from "@taimatsu/core";
import { type CudaBackend, createCudaBackend } from "./backend.js";
import { addonPath, loadAddon, type ProbeResult } from "./driver/addon.js";
import { requiredDriverVersion, unavailableReason } from "./driver/availability.js";
import { shippedPtxHeader } from "./runtime/modules.js";

export { OutOfMemoryError } from "./memory/caching-allocator.js";
export type { ProbeResult, DeviceInfo } from "./driver/addon.js";

/** Why the backend is not registered, or null when it is. */
let reason: string | null = null;
let backend: CudaBackend | null = null;
let probe: ProbeResult | null = null;

function start(): void {
  if (process.env.TAIMATSU_CUDA_DISABLE === "1") {
    reason = "it was switched off (TAIMATSU_CUDA_DISABLE=1)";
    return;
  }
  const loaded = loadAddon();
  if ("error" in loaded) {
    reason = loaded.error;
    return;
  }
  probe = loaded.driver.probe();
  const required = requiredDriverVersion(shippedPtxHeader());
  reason = unavailableReason(probe, required);
  if (reason) return;
  backend = createCudaBackend(loaded.driver, probe.devices, { addon: addonPath(), driverLibrary: probe.library, driverVersion: probe.driverVersion });
}

start();
if (backend) torch.backends.registerBackend(backend);
else torch.backends.registerUnavailable("cuda", "@taimatsu/cuda", reason!);

/** Whether the backend is registered (an NVIDIA driver and a GPU were found). */
export function isAvailable(): boolean {
  return backend !== null;
}

/** Why the backend is not available (null when it is). */
export function unavailable(): string | null {
  return reason;
}

/** What the driver probe found: library, driver version, devices. */
export function driverInfo(): ProbeResult | null {
  return probe;
}

/**
 * Lets float32 matrix products use TF32 tensor cores (10-bit mantissa inputs),
 * as `torch.backends.cuda.matmul.allow_tf32 = True`; off by default.
 */
export function setAllowTF32(allow: boolean): void {
  if (typeof allow !== "boolean") throw new TypeError(`setAllowTF32: expected a boolean, got ${String(allow)}`);
  backend?.setAllowTF32(allow);
}

/** Returns the memory the caching allocator keeps to the driver (`torch.cuda.empty_cache()`). */
export function emptyCache(): void {
  backend?.emptyCache?.();
}

/** The backend object, when registered. */
export function cudaBackend(): CudaBackend | null {
  return backend;
}
