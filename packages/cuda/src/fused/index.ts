import type { backends } from "@taimatsu/core";
import type { CudaDevice } from "../runtime/device.js";

/**
 * Fused kernels by op name (packages/core/src/backend/fused.ts). None yet:
 * composite ops run as their decomposition into the primitives.
 */
export function fused(_devOf: (v: backends.View) => CudaDevice): NonNullable<backends.Backend["fused"]> {
  return {};
}
