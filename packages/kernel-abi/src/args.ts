import type { backends } from "@taimatsu/core";
import { DTYPE_CODE } from "./codes.js";
import { host } from "./host.js";

/**
 * The argument block: one Float64Array for the life of the process. A kernel
 * call writes its numbers here and calls a native function with no
 * arguments, so crossing into C++ costs no JS objects, no arrays and no
 * per-argument conversions. The Node addon reads this array in place; the
 * WebAssembly module copies it into its own memory.
 */
export const args = new Float64Array(2048);

/** Memory the kernels can address: a host's buffer carries its raw address, 0 once freed. */
export interface KernelBuffer {
  address: number;
}

const MAX_DIMS = 64;

/** Writes a view at `at` (address, offset, dtype, ndim, shape, strides); returns the next free slot. */
export function putView(at: number, v: backends.View): number {
  const address = (v.buffer as KernelBuffer).address;
  if (!address) throw new Error(`${host().backend}: tensor memory was already freed`);
  const { shape, strides } = v;
  const nd = shape.length;
  if (nd > MAX_DIMS) throw new RangeError(`${host().backend}: tensors are limited to ${MAX_DIMS} dimensions (got ${nd})`);
  args[at] = address;
  args[at + 1] = v.offset;
  args[at + 2] = DTYPE_CODE[v.dtype];
  args[at + 3] = nd;
  const s = at + 4;
  for (let i = 0; i < nd; i++) {
    args[s + i] = shape[i]!;
    args[s + nd + i] = strides[i]!;
  }
  return s + 2 * nd;
}
