import { DTypeError, type DType } from "@taimatsu/core";

/** The error of a kernel asked for an op in a dtype it has no code for. */
export function unsupported(kernel: string, op: string, dtype: DType): DTypeError {
  return new DTypeError(`${op}: the webgpu backend's ${kernel} kernel does not support ${dtype}; convert the tensor to another dtype first`);
}
