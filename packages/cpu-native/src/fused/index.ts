import type { backends } from "@taimatsu/core";

/** Fused kernels by op name (see @taimatsu/core's fused kernel list). */
export const fusedKernels: Record<string, backends.FusedKernel> = {};
