import type { DType } from "../../dtype.js";

/**
 * safetensors' dtype names for the dtypes Taimatsu has. The rank is the
 * format's own dtype order, which its writer sorts tensors by (largest
 * first) so every tensor's data stays aligned to its element size.
 */
const TO_SAFETENSORS: Record<DType, { name: string; rank: number }> = {
  bool: { name: "BOOL", rank: 0 },
  uint8: { name: "U8", rank: 1 },
  float16: { name: "F16", rank: 7 },
  bfloat16: { name: "BF16", rank: 8 },
  int32: { name: "I32", rank: 9 },
  float32: { name: "F32", rank: 11 },
  float64: { name: "F64", rank: 12 },
  int64: { name: "I64", rank: 13 },
};

const FROM_SAFETENSORS = new Map(Object.entries(TO_SAFETENSORS).map(([d, { name }]) => [name, d as DType]));

/** Names the format defines that Taimatsu has no dtype for, so the error can say so rather than "unknown". */
const UNSUPPORTED = new Set(["I8", "I16", "U16", "U32", "U64", "F8_E5M2", "F8_E4M3", "C64"]);

export function safetensorsDTypeName(dtype: DType): string {
  return TO_SAFETENSORS[dtype].name;
}

export function safetensorsDTypeRank(dtype: DType): number {
  return TO_SAFETENSORS[dtype].rank;
}

/** The Taimatsu dtype for a header's dtype string, or an explanation of why there is none. */
export function dtypeFromSafetensors(name: unknown): { dtype: DType } | { error: string } {
  const found = typeof name === "string" ? FROM_SAFETENSORS.get(name) : undefined;
  if (found) return { dtype: found };
  const known = [...FROM_SAFETENSORS.keys()].join(", ");
  if (typeof name === "string" && UNSUPPORTED.has(name)) return { error: `dtype ${name} is not supported by Taimatsu (supported: ${known})` };
  return { error: `unknown dtype ${JSON.stringify(name)} (expected one of ${known})` };
}
