import type { backends } from "@taimatsu/core";
import { binaryCall } from "./kernels/binary.js";
import { STORED_DTYPES } from "./kernels/dtype-wgsl.js";
import { adamKernels } from "./fused/adam.js";
import { reluKernels } from "./fused/relu.js";
import { sgdKernels } from "./fused/sgd.js";
import { softmaxKernels } from "./fused/softmax.js";
import { fillCall } from "./kernels/fill.js";
import { gatherCall, scatterCall } from "./kernels/index-kernels.js";
import { argReduceCall, scanCall, sortCall } from "./kernels/lines.js";
import { matmulCall } from "./kernels/matmul.js";
import { reduceCall } from "./kernels/reduce.js";
import { unaryCall } from "./kernels/unary.js";
import { whereCall } from "./kernels/where.js";
import { fold2dCall, unfold2dCall } from "./kernels/window.js";
import type { DeviceState, WebGpuBuffer } from "./runtime/device-state.js";

type Backend = backends.Backend;
type PrimitiveKernels = backends.PrimitiveKernels;

export function createBackend(state: DeviceState, info: () => Record<string, unknown>): Backend {
  const primitives: PrimitiveKernels = {
    unary: (op, out, a) => state.run(unaryCall(op, out, a), out, [a]),
    binary: (op, out, a, b) => state.run(binaryCall(op, out, a, b), out, [a, b]),
    where: (out, cond, a, b) => state.run(whereCall(out, cond, a, b), out, [cond, a, b]),
    fill: (out, value) => state.run(fillCall(out, value), out, []),
    reduce: (op, out, a, axes) => state.run(reduceCall(op, out, a, axes), out, [a]),
    argReduce: (op, out, a, axis) => state.run(argReduceCall(op, out, a, axis), out, [a]),
    scan: (op, out, a, axis, indices) => state.run(scanCall(op, out, a, axis, indices), out, indices ? [a, indices] : [a]),
    sort: (values, indices, a, axis, descending) => state.run(sortCall(values, indices, a, axis, descending), values, [indices, a]),
    matmul: (out, a, b) => state.run(matmulCall(out, a, b), out, [a, b]),
    gather: (out, src, dim, index) => state.run(gatherCall(out, src, dim, index, state.site), out, [index, src]),
    scatter: (out, dim, index, src, mode) => state.run(scatterCall(out, dim, index, src, mode, state.site), out, [index, src]),
    unfold2d: (out, input, window, padValue) => state.run(unfold2dCall(out, input, window, padValue), out, [input]),
    fold2d: (out, cols, window) => state.run(fold2dCall(out, cols, window), out, [cols]),
  };
  const own = (b: object) => b as WebGpuBuffer;
  return {
    name: "webgpu",
    deviceType: "webgpu",
    priority: 0,
    dtypes: STORED_DTYPES,
    computeDTypes: STORED_DTYPES,
    // gather and scatter check their indices in the shader and report a RangeError at the next read
    checksIndexBounds: true,
    allocator: {
      allocate: (dtype, numel) => state.allocate(dtype, numel),
      free: (buffer) => state.free(own(buffer)),
      write: (buffer, dtype, data, offset) => state.write(own(buffer), dtype, data, offset),
      read: (buffer, dtype, offset, numel) => state.read(own(buffer), dtype, offset, numel),
      copy: (dst, dstOffset, src, srcOffset, numel, dtype) => state.copy(own(dst), dstOffset, own(src), srcOffset, numel, dtype),
    },
    primitives,
    fused: { ...reluKernels(state), ...softmaxKernels(state), ...sgdKernels(state), ...adamKernels(state) },
    synchronize: () => state.synchronize(),
    emptyCache: () => void state.emptyCache(),
    memory: () => ({ 0: { allocatedBytes: state.pool.liveBytes, cachedBytes: state.pool.cachedBytes } }),
    info,
  };
}
