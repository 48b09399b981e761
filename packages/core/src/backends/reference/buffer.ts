import type { View } from "../../backend/backend.js";
import {
  bfloat16BitsToFloat32, float16BitsToFloat32, float32ToBFloat16Bits, float32ToFloat16Bits, type DType,
} from "../../dtype.js";

/**
 * The reference backend keeps every dtype in a plain JS typed array. int64 lives
 * in a Float64Array: exact for |x| < 2^53, which covers indices and counts.
 */
export type Data = Float32Array | Float64Array | Int32Array | Uint8Array | Uint16Array;

export class RefBuffer {
  constructor(readonly data: Data) {}
}

export function dataOf(view: View): Data {
  return (view.buffer as RefBuffer).data;
}

export function newData(dtype: DType, n: number): Data {
  switch (dtype) {
    case "float32": return new Float32Array(n);
    case "float64": case "int64": return new Float64Array(n);
    case "int32": return new Int32Array(n);
    case "uint8": case "bool": return new Uint8Array(n);
    case "float16": case "bfloat16": return new Uint16Array(n);
  }
}

/** Converts a JS number to what `dtype`'s array must hold (truncation, bool, half bits). */
export function coercer(dtype: DType): ((v: number) => number) | null {
  switch (dtype) {
    case "bool": return (v) => (v !== 0 ? 1 : 0);
    case "int64": return (v) => (Number.isFinite(v) ? Math.trunc(v) : 0);
    case "float16": return float32ToFloat16Bits;
    case "bfloat16": return float32ToBFloat16Bits;
    default: return null; // the typed array converts by itself
  }
}

/** Reads a stored element back as a JS number (only half types need work). */
export function loader(dtype: DType): ((v: number) => number) | null {
  if (dtype === "float16") return float16BitsToFloat32;
  if (dtype === "bfloat16") return bfloat16BitsToFloat32;
  return null;
}

/** Whether a view walks its buffer densely from `offset` in row-major order. */
export function isDense(view: { shape: readonly number[]; strides: readonly number[] }): boolean {
  let expected = 1;
  for (let i = view.shape.length - 1; i >= 0; i--) {
    const d = view.shape[i]!;
    if (d !== 1 && view.strides[i] !== expected) return false;
    expected *= d;
  }
  return true;
}

/** Element offsets of a view in row-major order. */
export function offsets(view: { shape: readonly number[]; strides: readonly number[]; offset: number }): Int32Array {
  const { shape, strides } = view;
  let n = 1;
  for (const d of shape) n *= d;
  const out = new Int32Array(n);
  if (n === 0) return out;
  const nd = shape.length;
  if (nd === 0) {
    out[0] = view.offset;
    return out;
  }
  const idx = new Array<number>(nd).fill(0);
  const last = nd - 1;
  const innerSize = shape[last]!;
  const innerStride = strides[last]!;
  let base = view.offset;
  let k = 0;
  while (k < n) {
    for (let j = 0, o = base; j < innerSize; j++, o += innerStride) out[k++] = o;
    // advance the outer index like an odometer
    let d = last - 1;
    while (d >= 0) {
      idx[d]!++;
      base += strides[d]!;
      if (idx[d]! < shape[d]!) break;
      base -= strides[d]! * shape[d]!;
      idx[d] = 0;
      d--;
    }
    if (d < 0) break;
  }
  return out;
}
