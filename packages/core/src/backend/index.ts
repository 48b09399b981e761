/** `torch.backends`: what is registered, which serves each device, and switching. */
import { backendFor, listBackends } from "./registry.js";

export {
  registerBackend, registerUnavailable, unavailableReason, listBackends as list, useBackend as use, withBackend, backendFor, getBackendByName, isAvailable, deviceCount,
} from "./registry.js";
export { synchronize, emptyCache } from "./synchronize.js";
export type { FusedKernels } from "./fused.js";
export type { Backend, BackendMemory, Allocator, PrimitiveKernels, View, DeviceBuffer, UnaryOp, BinaryOp, ReduceOp, ScanOp, Window2d, FusedKernel } from "./backend.js";

/** Registered backends, the device types they serve, which is active, and their fused kernels. */
export function info(): { name: string; deviceType: string; active: boolean; fused: string[]; details: Record<string, unknown> }[] {
  return listBackends().map((b) => ({
    name: b.name,
    deviceType: b.deviceType,
    active: backendFor(b.deviceType) === b,
    fused: Object.keys(b.fused ?? {}).sort(),
    details: b.info?.() ?? {},
  }));
}
