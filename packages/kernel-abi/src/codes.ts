import type { backends, DType } from "@taimatsu/core";

type UnaryOp = backends.UnaryOp;
type BinaryOp = backends.BinaryOp;
type ReduceOp = backends.ReduceOp;

/** Integer codes shared with the C++ side (same order as the enums there). */

export const DTYPE_CODE: Record<DType, number> = {
  float32: 0, float64: 1, float16: 2, bfloat16: 3, int32: 4, int64: 5, uint8: 6, bool: 7,
};

export const UNARY_CODE: Record<UnaryOp, number> = {
  identity: 0, neg: 1, abs: 2, sign: 3, exp: 4, log: 5, sqrt: 6, rsqrt: 7, reciprocal: 8, sin: 9, cos: 10,
  tanh: 11, sigmoid: 12, erf: 13, floor: 14, ceil: 15, round: 16, trunc: 17, logicalNot: 18, isnan: 19,
};

export const BINARY_CODE: Record<BinaryOp, number> = {
  add: 0, sub: 1, mul: 2, div: 3, pow: 4, maximum: 5, minimum: 6, fmod: 7, remainder: 8, floorDivide: 9, atan2: 10,
  eq: 11, ne: 12, lt: 13, le: 14, gt: 15, ge: 16, logicalAnd: 17, logicalOr: 18, logicalXor: 19,
  bitwiseAnd: 20, bitwiseOr: 21, bitwiseXor: 22,
};

export const REDUCE_CODE: Record<ReduceOp, number> = { sum: 0, prod: 1, max: 2, min: 3 };
