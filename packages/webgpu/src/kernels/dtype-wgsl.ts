import type { DType } from "@taimatsu/core";

/**
 * How each stored dtype looks in WGSL. Every element takes whole 32-bit
 * words (WGSL has no 8-bit storage): uint8 and bool one `u32` each, int64 two
 * (`lo`, `hi`, which is also BigInt64Array's little-endian layout). Kernels
 * compute in the "compute type": f32, i32, u32, or `vec2u` for int64, whose
 * arithmetic the int64 library emulates.
 */
export interface DTypeWgsl {
  /** The array element type a buffer of this dtype is bound as. */
  readonly storage: "f32" | "i32" | "u32";
  /** Words per element. */
  readonly words: 1 | 2;
  /** The WGSL type kernels compute in. */
  readonly compute: "f32" | "i32" | "u32" | "vec2u";
}

const TABLE: Partial<Record<DType, DTypeWgsl>> = {
  float32: { storage: "f32", words: 1, compute: "f32" },
  int32: { storage: "i32", words: 1, compute: "i32" },
  int64: { storage: "u32", words: 2, compute: "vec2u" },
  uint8: { storage: "u32", words: 1, compute: "u32" },
  bool: { storage: "u32", words: 1, compute: "u32" },
};

/** The dtypes this backend stores. */
export const STORED_DTYPES: readonly DType[] = ["float32", "int32", "int64", "uint8", "bool"];

export function wgslOf(dtype: DType): DTypeWgsl {
  const t = TABLE[dtype];
  if (!t) throw new Error(`webgpu: no storage for ${dtype}`); // core refuses undeclared dtypes before this
  return t;
}

/** WGSL expression loading element `index` (an element offset, u32) of array `buffer`. */
export function loadExpr(dtype: DType, buffer: string, index: string): string {
  if (wgslOf(dtype).words === 2) return `vec2u(${buffer}[2u * (${index})], ${buffer}[2u * (${index}) + 1u])`;
  return `${buffer}[${index}]`;
}

/** WGSL statement storing `value` (in `dtype`'s compute type) at element `index` of `buffer`. */
export function storeStmt(dtype: DType, buffer: string, index: string, value: string): string {
  switch (dtype) {
    case "int64":
      return `{ let v = ${value}; ${buffer}[2u * (${index})] = v.x; ${buffer}[2u * (${index}) + 1u] = v.y; }`;
    case "uint8":
      return `${buffer}[${index}] = (${value}) & 255u;`;
    case "bool":
      return `${buffer}[${index}] = select(0u, 1u, (${value}) != 0u);`;
    default:
      return `${buffer}[${index}] = ${value};`;
  }
}

/**
 * Converts `expr` from `from`'s compute type to `to`'s, as C++/PyTorch casts:
 * float to integer truncates toward zero, anything to bool is `x != 0` (NaN is true).
 */
export function convertExpr(from: DType, to: DType, expr: string): string {
  const f = wgslOf(from).compute;
  const t = wgslOf(to).compute;
  if (to === "bool") {
    if (from === "bool") return expr;
    return `to_bool_${f}(${expr})`;
  }
  if (f === t) return expr;
  switch (t) {
    case "f32":
      return f === "vec2u" ? `i64_to_f32(${expr})` : `f32(${expr})`;
    case "i32":
      if (f === "f32") return `f32_to_i32(${expr})`;
      if (f === "vec2u") return `bitcast<i32>((${expr}).x)`;
      return `i32(${expr})`;
    case "u32":
      if (f === "f32") return `bitcast<u32>(f32_to_i32(${expr}))`;
      if (f === "vec2u") return `(${expr}).x`;
      return `bitcast<u32>(${expr})`;
    case "vec2u":
      if (f === "f32") return `i64_from_f32(${expr})`;
      if (f === "i32") return `i64_from_i32(${expr})`;
      return `vec2u(${expr}, 0u)`;
  }
}

/** The host words of a JS number stored in `dtype` (fill values and scalars), converted as `identity` would. */
export function scalarWords(dtype: DType, value: number): number[] {
  switch (dtype) {
    case "float32":
      return [new Uint32Array(new Float32Array([value]).buffer)[0]!];
    case "bool":
      return [value !== 0 ? 1 : 0]; // NaN is true
    case "int64": {
      const big = Number.isFinite(value) ? BigInt(Math.trunc(value)) : 0n;
      const w = new Uint32Array(new BigInt64Array([BigInt.asIntN(64, big)]).buffer);
      return [w[0]!, w[1]!];
    }
    default: {
      const i = Number.isFinite(value) ? Math.trunc(value) : 0;
      const wrapped = dtype === "uint8" ? ((i % 256) + 256) % 256 : i | 0;
      return [wrapped >>> 0];
    }
  }
}
