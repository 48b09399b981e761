import type { backends } from "@taimatsu/core";
import type { CudaDevice } from "../runtime/device.js";
import { lineHeads, numel, packSameShape, suffix } from "./views.js";

type View = backends.View;

export function sort(dev: CudaDevice, values: View, indices: View, a: View, axis: number, descending: boolean): void {
  const len = a.shape[axis] ?? 1; // a 0-dim tensor is one element along dim 0
  const heads = lineHeads(a, axis).shape;
  const n = numel(heads);
  if (len === 0 || n === 0) return;
  // merge-sort scratch: two int64 position arrays per line; freed at once, reused only by later work on the stream
  const scratch = dev.allocator.allocate(n * len * 16);
  try {
    dev.launch(`sort_${suffix(a.dtype)}`, n, (p) => {
      packSameShape(p, heads, [lineHeads(values, axis), lineHeads(indices, axis), lineHeads(a, axis)]);
      p.i64(n);
      p.i64(len);
      p.i64(values.strides[axis] ?? 0);
      p.i64(indices.strides[axis] ?? 0);
      p.i64(a.strides[axis] ?? 0);
      p.i32(descending ? 1 : 0);
      p.ptr(scratch.address);
    });
  } finally {
    dev.allocator.free(scratch);
  }
}
