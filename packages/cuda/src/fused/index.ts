import type { backends } from "@taimatsu/core";
import type { CudaDevice } from "../runtime/device.js";
import { optimizerKernels } from "./optimizers.js";

/**
 * Fused kernels by op name (packages/core/src/backend/fused.ts): the optimizer
 * steps. Other composite ops (convolution, batch norm, pooling, losses) run
 * as core's decompositions into the primitives.
 */
export function fused(devOf: (v: backends.View) => CudaDevice): NonNullable<backends.Backend["fused"]> {
  return { ...optimizerKernels(devOf) };
}
