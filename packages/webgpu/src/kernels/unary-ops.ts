import type { backends, DType } from "@taimatsu/core";
import { wgslOf } from "./dtype-wgsl.js";

type UnaryOp = backends.UnaryOp;

const FLOAT: Record<string, (x: string) => string> = {
  neg: (x) => `-${x}`,
  abs: (x) => `abs(${x})`,
  sign: (x) => `f_sign(${x})`,
  exp: (x) => `exp(${x})`,
  log: (x) => `f_log(${x})`,
  sqrt: (x) => `sqrt(${x})`,
  rsqrt: (x) => `(1.0 / sqrt(${x}))`,
  reciprocal: (x) => `(1.0 / ${x})`,
  sin: (x) => `f_sin(${x})`,
  cos: (x) => `f_cos(${x})`,
  tanh: (x) => `f_tanh(${x})`,
  sigmoid: (x) => `f_sigmoid(${x})`,
  erf: (x) => `f_erf(${x})`,
  floor: (x) => `floor(${x})`,
  ceil: (x) => `ceil(${x})`,
  round: (x) => `round(${x})`, // WGSL rounds half to even, as torch.round
  trunc: (x) => `trunc(${x})`,
};

const INTEGER_IDENTITY = new Set(["floor", "ceil", "round", "trunc"]);

const I32: Record<string, (x: string) => string> = {
  neg: (x) => `-${x}`,
  abs: (x) => `abs(${x})`,
  sign: (x) => `sign(${x})`,
};

const U32: Record<string, (x: string) => string> = {
  neg: (x) => `(0u - ${x})`,
  abs: (x) => x,
  sign: (x) => `select(0u, 1u, ${x} != 0u)`,
};

const I64: Record<string, (x: string) => string> = {
  neg: (x) => `i64_neg(${x})`,
  abs: (x) => `i64_abs(${x})`,
  sign: (x) => `i64_sign(${x})`,
};

/**
 * The WGSL expression of `op` applied to `x` (already in `dtype`'s compute
 * type), or null when the op has no meaning in that dtype (core converts
 * integers to float before asking for exp, sin and the like).
 * `logicalNot` and `isnan` give a bool (u32 0/1) from any dtype.
 */
export function unaryExpr(op: UnaryOp, dtype: DType, x: string): string | null {
  const t = wgslOf(dtype).compute;
  if (op === "identity") return x;
  if (op === "logicalNot") return `(1u - to_bool_${t}(${x}))`;
  if (op === "isnan") return t === "f32" ? `select(0u, 1u, is_nan(${x}))` : "0u";
  if (t === "f32") {
    const f = FLOAT[op]?.(x);
    // NaN passes through as is: a device's exp or log need not keep it (SwiftShader's exp(NaN) is inf)
    return f === undefined ? null : `select(${f}, ${x}, is_nan(${x}))`;
  }
  if (INTEGER_IDENTITY.has(op)) return x;
  const table = t === "i32" ? I32 : t === "u32" ? U32 : I64;
  return table[op]?.(x) ?? null;
}
