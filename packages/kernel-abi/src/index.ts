/**
 * @taimatsu/kernel-abi: the JavaScript side of Taimatsu's C++ kernels, shared
 * by every backend that runs them (the Node addon of @taimatsu/cpu-native and
 * the WebAssembly module of @taimatsu/wasm). For each primitive and fused
 * kernel it allocates the outputs and writes the argument block that the C++
 * side reads (`Args` in cpu-native/native/src/common/view.h).
 */
import type { backends } from "@taimatsu/core";
import { argReduce } from "./kernels/arg-reduce.js";
import { binary } from "./kernels/binary.js";
import { fill } from "./kernels/fill.js";
import { fold2d } from "./kernels/fold2d.js";
import { gather } from "./kernels/gather.js";
import { matmul } from "./kernels/matmul.js";
import { reduce } from "./kernels/reduce.js";
import { scan } from "./kernels/scan.js";
import { scatter } from "./kernels/scatter.js";
import { sort } from "./kernels/sort.js";
import { unary } from "./kernels/unary.js";
import { unfold2d } from "./kernels/unfold2d.js";
import { where } from "./kernels/where.js";
import { fusedKernels } from "./fused/index.js";
import { bindKernels, type KernelHost } from "./host.js";

export { args, putView, type KernelBuffer } from "./args.js";
export { DTYPE_CODE, UNARY_CODE, BINARY_CODE, REDUCE_CODE } from "./codes.js";
export type { KernelHost } from "./host.js";

const primitives = { unary, binary, where, fill, reduce, argReduce, scan, sort, matmul, gather, scatter, unfold2d, fold2d };

/** Every primitive and fused kernel, running on `host`. */
export function bindBackendKernels(host: KernelHost): { primitives: backends.PrimitiveKernels; fused: Record<string, backends.FusedKernel> } {
  return {
    primitives: bindKernels(host, primitives) as backends.PrimitiveKernels,
    fused: bindKernels(host, fusedKernels as Record<string, (...a: never[]) => unknown>) as unknown as Record<string, backends.FusedKernel>,
  };
}
