import type { backends, DType } from "@taimatsu/core";
import { coalesce } from "../launch/coalesce.js";
import type { ParamPacker, ViewParams } from "../launch/params.js";
import type { CudaBuffer } from "../runtime/device.js";

type View = backends.View;

/** Kernel name suffixes (kernels/src/common.cuh: TM_FOR_ALL_DTYPES). */
export const SUFFIX: Partial<Record<DType, string>> = { float32: "f32", float64: "f64", int32: "i32", int64: "i64", uint8: "u8", bool: "b" };

export function suffix(dtype: DType): string {
  const s = SUFFIX[dtype];
  if (!s) throw new TypeError(`the cuda backend has no kernels for ${dtype}`);
  return s;
}

export const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export const addressOf = (v: View): number => (v.buffer as CudaBuffer).address;

/** Views of one shape with their dims merged where all of them allow it. */
export function mergedViews(shape: readonly number[], views: readonly View[]): ViewParams[] {
  const c = coalesce(shape, views.map((v) => v.strides));
  return views.map((v, i) => ({ address: addressOf(v), offset: v.offset, shape: c.shape, strides: c.strides[i]! }));
}

/** Packs views of one shape with their dims merged (elementwise kernels). */
export function packSameShape(p: ParamPacker, shape: readonly number[], views: readonly View[]): void {
  for (const v of mergedViews(shape, views)) p.view(v);
}

/** As packSameShape, with a null view in place of each absent (optional) operand. */
export function packSameShapeOptional(p: ParamPacker, shape: readonly number[], views: readonly (View | null)[]): void {
  const merged = mergedViews(shape, views.filter((v): v is View => v !== null));
  let k = 0;
  for (const v of views) {
    if (v) p.view(merged[k++]!);
    else packNull(p);
  }
}

/** Packs a view as it is (kernels that address dims by position). */
export function packRaw(p: ParamPacker, v: View): void {
  p.view({ address: addressOf(v), offset: v.offset, shape: v.shape, strides: v.strides });
}

/** A view whose data is null: an optional kernel argument left out. */
export function packNull(p: ParamPacker): void {
  p.view({ address: 0, offset: 0, shape: [], strides: [] });
}

/** `v` with size 1 at `axis` (one element per line along it). */
export function lineHeads(v: View, axis: number): View {
  return { ...v, shape: v.shape.map((s, d) => (d === axis ? 1 : s)) };
}
