import type { backends } from "@taimatsu/core";
import { REDUCE_CODE } from "@taimatsu/kernel-abi";
import { coalesce } from "../launch/coalesce.js";
import type { CudaDevice } from "../runtime/device.js";
import { addressOf, lineHeads, numel, packNull, packSameShape, suffix } from "./views.js";

type View = backends.View;
const SCAN_CODE: Record<backends.ScanOp, number> = { sum: 0, prod: 1, max: 2, min: 3, logsumexp: 4 };

export function reduce(dev: CudaDevice, op: backends.ReduceOp, out: View, a: View, reduced: readonly number[]): void {
  const n = numel(out.shape);
  const axes = reduced.filter((d) => d < a.shape.length); // a 0-dim tensor "reduces" over dim 0
  const outer: View = { ...a, shape: a.shape.map((s, d) => (axes.includes(d) ? 1 : s)) };
  const inner = coalesce(axes.map((d) => a.shape[d]!), [axes.map((d) => a.strides[d]!)]);
  dev.launch(`reduce_${suffix(a.dtype)}`, n, (p) => {
    p.i32(REDUCE_CODE[op]);
    packSameShape(p, out.shape, [out, outer]);
    p.view({ address: addressOf(a), offset: 0, shape: inner.shape, strides: inner.strides[0]! });
    p.i64(n);
    p.i64(numel(inner.shape));
  });
}

/** Length and stride along `axis`; a 0-dim tensor is one element along dim 0. */
const along = (v: View, axis: number): [number, number] => [v.shape[axis] ?? 1, v.strides[axis] ?? 0];

export function argReduce(dev: CudaDevice, op: "argmax" | "argmin", out: View, a: View, axis: number): void {
  const n = numel(out.shape);
  dev.launch(`argreduce_${suffix(a.dtype)}`, n, (p) => {
    p.i32(op === "argmax" ? 1 : 0);
    packSameShape(p, out.shape, [out, lineHeads(a, axis)]);
    p.i64(n);
    p.i64(along(a, axis)[0]);
    p.i64(along(a, axis)[1]);
  });
}

export function scan(dev: CudaDevice, op: backends.ScanOp, out: View, a: View, axis: number, indices: View | null): void {
  const len = along(a, axis)[0];
  if (len === 0) return;
  const heads = lineHeads(a, axis).shape;
  const n = numel(heads);
  dev.launch(`scan_${suffix(a.dtype)}`, n, (p) => {
    p.i32(SCAN_CODE[op]);
    if (indices) packSameShape(p, heads, [lineHeads(out, axis), lineHeads(a, axis), lineHeads(indices, axis)]);
    else {
      packSameShape(p, heads, [lineHeads(out, axis), lineHeads(a, axis)]);
      packNull(p);
    }
    p.i64(n);
    p.i64(len);
    p.i64(along(out, axis)[1]);
    p.i64(along(a, axis)[1]);
    p.i64(indices ? along(indices, axis)[1] : 0);
  });
}
