/**
 * Element types. Names follow PyTorch (`torch.float32` is `"float32"`).
 * float16 and bfloat16 are storage types: arithmetic on them runs in float32 and
 * rounds back, as PyTorch does on the CPU.
 */
export type DType = "float32" | "float64" | "float16" | "bfloat16" | "int32" | "int64" | "uint8" | "bool";

export const DTYPES: readonly DType[] = ["float32", "float64", "float16", "bfloat16", "int32", "int64", "uint8", "bool"];

/** The JavaScript array type used to move data of each dtype in and out of a backend. */
export interface HostArrayOf {
  float32: Float32Array;
  float64: Float64Array;
  float16: Uint16Array;
  bfloat16: Uint16Array;
  int32: Int32Array;
  int64: BigInt64Array;
  uint8: Uint8Array;
  bool: Uint8Array;
}
export type HostArray = HostArrayOf[DType];

const ITEM_SIZE: Record<DType, number> = {
  float32: 4, float64: 8, float16: 2, bfloat16: 2, int32: 4, int64: 8, uint8: 1, bool: 1,
};

export function itemSize(dtype: DType): number {
  const size = ITEM_SIZE[dtype];
  // an unknown dtype string would otherwise make every byte count NaN
  if (size === undefined || !Object.hasOwn(ITEM_SIZE, dtype)) assertDType(dtype, "itemSize");
  return size;
}

export function isFloatingPoint(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float64" || dtype === "float16" || dtype === "bfloat16";
}

/** float16/bfloat16 compute in float32 (see module doc). */
export function isReducedFloat(dtype: DType): boolean {
  return dtype === "float16" || dtype === "bfloat16";
}

export function isIntegral(dtype: DType, includeBool = false): boolean {
  return dtype === "int32" || dtype === "int64" || dtype === "uint8" || (includeBool && dtype === "bool");
}

export function assertDType(value: unknown, where: string): DType {
  if (typeof value === "string" && (DTYPES as readonly string[]).includes(value)) return value as DType;
  throw new TypeError(`${where}: unknown dtype ${String(value)}; expected one of ${DTYPES.join(", ")}`);
}

export function hostArray(dtype: DType, length: number): HostArray {
  switch (assertDType(dtype, "hostArray")) {
    case "float32": return new Float32Array(length);
    case "float64": return new Float64Array(length);
    case "float16": case "bfloat16": return new Uint16Array(length);
    case "int32": return new Int32Array(length);
    case "int64": return new BigInt64Array(length);
    case "uint8": case "bool": return new Uint8Array(length);
  }
}

// ---- type promotion (PyTorch's rules: bool < integers < floats, and dimensioned
// tensors outrank zero-dim tensors, which outrank plain JS numbers) ----

type Category = 0 | 1 | 2; // bool, integer, floating

function category(dtype: DType): Category {
  return dtype === "bool" ? 0 : isFloatingPoint(dtype) ? 2 : 1;
}

const PROMOTION_ORDER: DType[] = ["bool", "uint8", "int32", "int64", "float16", "bfloat16", "float32", "float64"];

/** Promotion of two dtypes of the same priority class. */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  if ((a === "float16" && b === "bfloat16") || (a === "bfloat16" && b === "float16")) return "float32";
  return PROMOTION_ORDER.indexOf(a) >= PROMOTION_ORDER.indexOf(b) ? a : b;
}

export type ScalarKind = "bool" | "int" | "float";

export interface PromotionOperand {
  dtype?: DType; // a tensor's dtype; absent for a JS scalar
  ndim?: number;
  scalar?: ScalarKind;
}

/** `torch.result_type` over tensors and scalars. */
export function resultType(operands: readonly PromotionOperand[], defaultFloat: DType = "float32"): DType {
  let dimResult: DType | undefined;
  let zeroDimResult: DType | undefined;
  let scalarCat: Category | undefined;
  for (const o of operands) {
    if (o.dtype === undefined) {
      const c: Category = o.scalar === "float" ? 2 : o.scalar === "int" ? 1 : 0;
      scalarCat = scalarCat === undefined ? c : (Math.max(scalarCat, c) as Category);
    } else if ((o.ndim ?? 1) > 0) {
      dimResult = dimResult === undefined ? o.dtype : promoteTypes(dimResult, o.dtype);
    } else {
      zeroDimResult = zeroDimResult === undefined ? o.dtype : promoteTypes(zeroDimResult, o.dtype);
    }
  }
  let result = dimResult;
  if (zeroDimResult !== undefined) {
    if (result === undefined) result = zeroDimResult;
    else if (category(zeroDimResult) > category(result)) result = zeroDimResult;
  }
  if (scalarCat !== undefined) {
    const scalarDType: DType = scalarCat === 2 ? defaultFloat : scalarCat === 1 ? "int64" : "bool";
    if (result === undefined) result = scalarDType;
    else if (scalarCat > category(result)) result = scalarDType;
  }
  if (result === undefined) throw new TypeError("resultType: no operands");
  return result;
}

export function scalarKind(value: number | boolean): ScalarKind {
  if (typeof value === "boolean") return "bool";
  return Number.isInteger(value) ? "int" : "float";
}

// ---- float16 / bfloat16 bit conversions ----

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export function float32ToBFloat16Bits(value: number): number {
  f32[0] = value;
  const bits = u32[0]!;
  if (Number.isNaN(value)) return 0x7fc0;
  // round to nearest even on the 16 dropped bits
  const rounding = 0x7fff + ((bits >>> 16) & 1);
  return ((bits + rounding) >>> 16) & 0xffff;
}

export function bfloat16BitsToFloat32(bits: number): number {
  u32[0] = bits << 16;
  return f32[0]!;
}

export function float32ToFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && (half & 1))) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1))) half++;
  return sign | half;
}

export function float16BitsToFloat32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/**
 * What to write when an integer tensor reaches a float-only place: JS has no
 * 3.0 distinct from 3, so `torch.tensor([3.0, 1.0])` holds int64.
 */
export function integerLiteralHint(dtype: DType): string {
  if (dtype !== "int64" && dtype !== "int32") return "";
  return `. torch.tensor infers ${dtype === "int64" ? "int64" : "an integer dtype"} from whole numbers (JavaScript cannot tell 3.0 from 3): write torch.tensor(data, { dtype: "float32" }), or convert with .float()`;
}
