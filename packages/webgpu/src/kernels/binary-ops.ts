import type { backends, DType } from "@taimatsu/core";
import { wgslOf } from "./dtype-wgsl.js";

type BinaryOp = backends.BinaryOp;
type Expr = (a: string, b: string) => string;

const COMPARISONS = new Set<BinaryOp>(["eq", "ne", "lt", "le", "gt", "ge"]);
const LOGICAL = new Set<BinaryOp>(["logicalAnd", "logicalOr", "logicalXor"]);

/** True when the op reads inputs of one dtype and writes bool. */
export function writesBool(op: BinaryOp): boolean {
  return COMPARISONS.has(op) || LOGICAL.has(op);
}

// NaN is unordered: every comparison but ne is false when either side is NaN
const nanGuard = (a: string, b: string, e: string) => `select(0u, select(0u, 1u, ${e}), !is_nan(${a}) && !is_nan(${b}))`;

const FLOAT: Partial<Record<BinaryOp, Expr>> = {
  add: (a, b) => `(${a} + ${b})`,
  sub: (a, b) => `(${a} - ${b})`,
  mul: (a, b) => `(${a} * ${b})`,
  div: (a, b) => `(${a} / ${b})`,
  pow: (a, b) => `f_pow(${a}, ${b})`,
  maximum: (a, b) => `f_maximum(${a}, ${b})`,
  minimum: (a, b) => `f_minimum(${a}, ${b})`,
  fmod: (a, b) => `f_fmod(${a}, ${b})`,
  remainder: (a, b) => `f_remainder(${a}, ${b})`,
  floorDivide: (a, b) => `floor(${a} / ${b})`,
  atan2: (a, b) => `atan2(${a}, ${b})`,
  eq: (a, b) => nanGuard(a, b, `${a} == ${b}`),
  ne: (a, b) => `(1u - ${nanGuard(a, b, `${a} == ${b}`)})`,
  lt: (a, b) => nanGuard(a, b, `${a} < ${b}`),
  le: (a, b) => nanGuard(a, b, `${a} <= ${b}`),
  gt: (a, b) => nanGuard(a, b, `${a} > ${b}`),
  ge: (a, b) => nanGuard(a, b, `${a} >= ${b}`),
};

const cmp = (e: string) => `select(0u, 1u, ${e})`;

/** Ops shared by i32 and u32 (WGSL's operators wrap on both). */
const WORD: Partial<Record<BinaryOp, Expr>> = {
  add: (a, b) => `(${a} + ${b})`,
  sub: (a, b) => `(${a} - ${b})`,
  mul: (a, b) => `(${a} * ${b})`,
  maximum: (a, b) => `max(${a}, ${b})`,
  minimum: (a, b) => `min(${a}, ${b})`,
  eq: (a, b) => cmp(`${a} == ${b}`),
  ne: (a, b) => cmp(`${a} != ${b}`),
  lt: (a, b) => cmp(`${a} < ${b}`),
  le: (a, b) => cmp(`${a} <= ${b}`),
  gt: (a, b) => cmp(`${a} > ${b}`),
  ge: (a, b) => cmp(`${a} >= ${b}`),
  bitwiseAnd: (a, b) => `(${a} & ${b})`,
  bitwiseOr: (a, b) => `(${a} | ${b})`,
  bitwiseXor: (a, b) => `(${a} ^ ${b})`,
};

const I32: Partial<Record<BinaryOp, Expr>> = {
  ...WORD,
  pow: (a, b) => `i32_pow(${a}, ${b})`,
  fmod: (a, b) => `i32_fmod(${a}, ${b})`,
  remainder: (a, b) => `i32_remainder(${a}, ${b})`,
  floorDivide: (a, b) => `i32_floor_divide(${a}, ${b})`,
};

const U32: Partial<Record<BinaryOp, Expr>> = {
  ...WORD,
  pow: (a, b) => `u32_pow(${a}, ${b})`,
  fmod: (a, b) => `select(0u, ${a} % max(${b}, 1u), ${b} != 0u)`,
  remainder: (a, b) => `select(0u, ${a} % max(${b}, 1u), ${b} != 0u)`,
  floorDivide: (a, b) => `select(0u, ${a} / max(${b}, 1u), ${b} != 0u)`,
};

const I64: Partial<Record<BinaryOp, Expr>> = {
  add: (a, b) => `i64_add(${a}, ${b})`,
  sub: (a, b) => `i64_sub(${a}, ${b})`,
  mul: (a, b) => `i64_mul(${a}, ${b})`,
  pow: (a, b) => `i64_pow(${a}, ${b})`,
  maximum: (a, b) => `i64_max(${a}, ${b})`,
  minimum: (a, b) => `i64_min(${a}, ${b})`,
  fmod: (a, b) => `i64_fmod(${a}, ${b})`,
  remainder: (a, b) => `i64_remainder(${a}, ${b})`,
  floorDivide: (a, b) => `i64_floor_divide(${a}, ${b})`,
  eq: (a, b) => cmp(`i64_eq(${a}, ${b})`),
  ne: (a, b) => cmp(`!i64_eq(${a}, ${b})`),
  lt: (a, b) => cmp(`i64_lt(${a}, ${b})`),
  le: (a, b) => cmp(`!i64_lt(${b}, ${a})`),
  gt: (a, b) => cmp(`i64_lt(${b}, ${a})`),
  ge: (a, b) => cmp(`!i64_lt(${a}, ${b})`),
  bitwiseAnd: (a, b) => `(${a} & ${b})`,
  bitwiseOr: (a, b) => `(${a} | ${b})`,
  bitwiseXor: (a, b) => `(${a} ^ ${b})`,
};

/**
 * The WGSL expression of `op` on `a` and `b`, both in `dtype`'s compute type
 * (the inputs' dtype), giving the output's compute type (u32 0/1 for
 * comparisons and logic). Null when the op has no meaning in that dtype.
 */
export function binaryExpr(op: BinaryOp, dtype: DType, a: string, b: string): string | null {
  const t = wgslOf(dtype).compute;
  if (LOGICAL.has(op)) {
    const [x, y] = [`to_bool_${t}(${a})`, `to_bool_${t}(${b})`];
    return op === "logicalAnd" ? `(${x} & ${y})` : op === "logicalOr" ? `(${x} | ${y})` : `(${x} ^ ${y})`;
  }
  const table = t === "f32" ? FLOAT : t === "i32" ? I32 : t === "u32" ? U32 : I64;
  return table[op]?.(a, b) ?? null;
}
