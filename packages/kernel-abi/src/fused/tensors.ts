import * as torch from "@taimatsu/core";
import type { DType, Tensor } from "@taimatsu/core";
import { args, putView } from "../args.js";
import { host } from "../host.js";

/** A new, uninitialised tensor on the running backend (fused kernels return fresh outputs). */
export function empty(shape: readonly number[], dtype: DType): Tensor {
  return torch.backends.withBackend(host().backend, () => torch.empty([...shape], { dtype, device: "cpu" }));
}

/**
 * Where a backward kernel writes its input gradient: over `gradOutput` when the
 * engine donated it (and it is dense, as donated gradients are), else a fresh tensor.
 */
export function gradInputBuffer(gradOutput: Tensor, overwrite: boolean | undefined): Tensor {
  if (overwrite && gradOutput.isContiguous() && gradOutput.offset === 0 && gradOutput.numel() === gradOutput.storage.numel) return gradOutput;
  return empty(gradOutput.shape, gradOutput.dtype);
}

/** Writes the tensors' views from `at`, skipping nulls; returns the next free slot. */
export function putTensors(at: number, ...tensors: (Tensor | null)[]): number {
  for (const t of tensors) if (t) at = putView(at, t.kernelView);
  return at;
}

/** Writes numbers (booleans as 0/1) from `at`; returns the next free slot. */
export function putNumbers(at: number, ...values: (number | boolean)[]): number {
  for (const v of values) args[at++] = typeof v === "boolean" ? (v ? 1 : 0) : v;
  return at;
}

/** PyTorch's window count along one dim (floor, or ceil when the last window starts inside input or left padding). */
export function windowCount(size: number, kernel: number, stride: number, padding: number, dilation: number, ceilMode = false): number {
  const span = size + 2 * padding - dilation * (kernel - 1) - 1;
  let n = Math.floor((span + (ceilMode ? stride - 1 : 0)) / stride) + 1;
  if (ceilMode && (n - 1) * stride >= size + padding) n--;
  return n;
}
