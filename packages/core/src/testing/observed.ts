import { bfloat16BitsToFloat32, float16BitsToFloat32, type DType, type HostArray } from "../dtype.js";
import type { Tensor } from "../tensor.js";

/** A tensor's result brought to the host: what every comparison looks at. */
export interface Observed {
  shape: readonly number[];
  dtype: DType;
  values: Float64Array;
}

/** Host values as plain numbers (half types decoded from their bits, int64 from bigints). */
export function decodeHost(dtype: DType, data: HostArray): Float64Array {
  if (dtype === "float16") return Float64Array.from(data as Uint16Array, float16BitsToFloat32);
  if (dtype === "bfloat16") return Float64Array.from(data as Uint16Array, bfloat16BitsToFloat32);
  if (dtype === "int64") return Float64Array.from(data as BigInt64Array, Number);
  return Float64Array.from(data as ArrayLike<number>);
}

/** Reads through `data()`, which every backend supports (asynchronous ones included). */
export async function observe(t: Tensor): Promise<Observed> {
  return { shape: [...t.shape], dtype: t.dtype, values: decodeHost(t.dtype, await t.data()) };
}

export async function observeAll(ts: readonly Tensor[]): Promise<Observed[]> {
  return Promise.all(ts.map(observe));
}
