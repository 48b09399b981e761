import type { backends } from "@taimatsu/core";
import { REDUCE_CODE } from "@taimatsu/kernel-abi";
import { coalesce } from "../launch/coalesce.js";
import type { CudaDevice } from "../runtime/device.js";
import { addressOf, lineHeads, numel, packNull, packSameShape, suffix } from "./views.js";

type View = backends.View;
const SCAN_CODE: Record<backends.ScanOp, number> = { sum: 0, prod: 1, max: 2, min: 3, logsumexp: 4 };

export function reduce(dev: CudaDevice, op: backends.ReduceOp, out: View, a: View, axes: readonly number[]): void {
  const n = numel(out.shape);
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

export function argReduce(dev: CudaDevice, op: "argmax" | "argmin", out: View, a: View, axis: number): void {
  const n = numel(out.shape);
  dev.launch(`argreduce_${suffix(a.dtype)}`, n, (p) => {
    p.i32(op === "argmax" ? 1 : 0);
    packSameShape(p, out.shape, [out, lineHeads(a, axis)]);
    p.i64(n);
    p.i64(a.shape[axis]!);
    p.i64(a.strides[axis]!);
  });
}

export function scan(dev: CudaDevice, op: backends.ScanOp, out: View, a: View, axis: number, indices: View | null): void {
  const len = a.shape[axis]!;
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
    p.i64(out.strides[axis]!);
    p.i64(a.strides[axis]!);
    p.i64(indices ? indices.strides[axis]! : 0);
  });
}
