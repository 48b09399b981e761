import type { backends } from "@taimatsu/core";
import { BINARY_CODE, UNARY_CODE } from "@taimatsu/kernel-abi";
import type { CudaDevice } from "../runtime/device.js";
import { numel, packSameShape, suffix } from "./views.js";

type View = backends.View;
const COMPARISONS = new Set(["eq", "ne", "lt", "le", "gt", "ge", "logicalAnd", "logicalOr", "logicalXor"]);

export function unary(dev: CudaDevice, op: backends.UnaryOp, out: View, a: View): void {
  const n = numel(out.shape);
  // identity is the cast kernel (a plain copy when the dtypes agree); logicalNot and isnan write bool
  const kernel =
    op === "identity" ? `cast_${suffix(a.dtype)}_${suffix(out.dtype)}`
    : op === "logicalNot" || op === "isnan" ? `unary_bool_${suffix(a.dtype)}`
    : `unary_${suffix(out.dtype)}`;
  dev.launch(kernel, n, (p) => {
    if (op !== "identity") p.i32(UNARY_CODE[op]);
    packSameShape(p, out.shape, [out, a]);
    p.i64(n);
  });
}

export function binary(dev: CudaDevice, op: backends.BinaryOp, out: View, a: View, b: View): void {
  const n = numel(out.shape);
  const kernel = COMPARISONS.has(op) ? `compare_${suffix(a.dtype)}` : `binary_${suffix(out.dtype)}`;
  dev.launch(kernel, n, (p) => {
    p.i32(BINARY_CODE[op]);
    packSameShape(p, out.shape, [out, a, b]);
    p.i64(n);
  });
}

export function where(dev: CudaDevice, out: View, cond: View, a: View, b: View): void {
  const n = numel(out.shape);
  dev.launch(`where_${suffix(out.dtype)}`, n, (p) => {
    packSameShape(p, out.shape, [out, cond, a, b]);
    p.i64(n);
  });
}

export function fill(dev: CudaDevice, out: View, value: number): void {
  const n = numel(out.shape);
  dev.launch(`fill_${suffix(out.dtype)}`, n, (p) => {
    packSameShape(p, out.shape, [out]);
    p.f64(value);
    p.i64(n);
  });
}
