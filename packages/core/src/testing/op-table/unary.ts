import { NONZERO, POSITIVE } from "../host-values.js";
import type { DType } from "../../dtype.js";
import type { Tensor } from "../../tensor.js";
import { ALL, FLOAT, NUMERIC, fixed, op, unary, type OpSpec } from "../op-spec.js";

/** IEEE special values and round-half-to-even ties, which random inputs never hit. */
const SIGNED: readonly DType[] = [...FLOAT, "int32", "int64"];

const SPECIALS = fixed([NaN, Infinity, -Infinity, 0, -0, 0.5, 1.5, 2.5, -0.5, -2.5, 1e-3, -7.25]);

const ON_SPECIALS: Record<string, (x: Tensor) => Tensor> = {
  isnan: (x) => x.isnan(), isinf: (x) => x.isinf(), isfinite: (x) => x.isfinite(), sign: (x) => x.sign(),
  abs: (x) => x.abs(), neg: (x) => x.neg(), relu: (x) => x.relu(), exp: (x) => x.exp(), log: (x) => x.log(),
  sqrt: (x) => x.sqrt(), sigmoid: (x) => x.sigmoid(), tanh: (x) => x.tanh(), floor: (x) => x.floor(),
  ceil: (x) => x.ceil(), round: (x) => x.round(), trunc: (x) => x.trunc(), reciprocal: (x) => x.reciprocal(),
};

/** Elementwise unary ops, one line each: label, op, options (dtypes it accepts, input domain). */
export const UNARY_OPS: readonly OpSpec[] = [
  unary("neg", (x) => x.neg(), { dtypes: NUMERIC }),
  unary("abs", (x) => x.abs(), { dtypes: NUMERIC }),
  unary("sign", (x) => x.sign(), { dtypes: NUMERIC }),
  unary("exp", (x) => x.exp(), { dtypes: ALL }),
  unary("exp2", (x) => x.exp2(), { dtypes: NUMERIC }),
  unary("expm1", (x) => x.expm1(), { dtypes: NUMERIC }),
  unary("log", (x) => x.log(), { dtypes: ALL, domain: POSITIVE }),
  unary("log2", (x) => x.log2(), { dtypes: NUMERIC, domain: POSITIVE }),
  unary("log10", (x) => x.log10(), { dtypes: NUMERIC, domain: POSITIVE }),
  unary("log1p", (x) => x.log1p(), { dtypes: NUMERIC, domain: { lo: -0.5, hi: 2 } }),
  unary("sqrt", (x) => x.sqrt(), { dtypes: ALL, domain: POSITIVE }),
  unary("rsqrt", (x) => x.rsqrt(), { dtypes: NUMERIC, domain: POSITIVE }),
  unary("reciprocal", (x) => x.reciprocal(), { dtypes: NUMERIC, domain: NONZERO }),
  unary("square", (x) => x.square(), { dtypes: NUMERIC }),
  unary("sin", (x) => x.sin(), { dtypes: ALL }),
  unary("cos", (x) => x.cos(), { dtypes: ALL }),
  unary("tan", (x) => x.tan(), { dtypes: NUMERIC, domain: { lo: -1.2, hi: 1.2 } }),
  unary("tanh", (x) => x.tanh(), { dtypes: ALL }),
  unary("sigmoid", (x) => x.sigmoid(), { dtypes: ALL }),
  unary("erf", (x) => x.erf(), { dtypes: ALL }),
  unary("relu", (x) => x.relu(), { dtypes: NUMERIC }),
  unary("floor", (x) => x.floor(), { dtypes: NUMERIC }),
  unary("ceil", (x) => x.ceil(), { dtypes: NUMERIC }),
  unary("round", (x) => x.round(), { dtypes: NUMERIC }),
  unary("trunc", (x) => x.trunc(), { dtypes: NUMERIC }),
  // PyTorch wraps a bound of -1 to 255 for uint8, so signed types only
  unary("clamp(-1, 1)", (x) => x.clamp(-1, 1), { dtypes: SIGNED }),
  unary("clamp(-0.5, 0.75)", (x) => x.clamp(-0.5, 0.75)),
  unary("clamp(min 0)", (x) => x.clamp(0), { dtypes: NUMERIC }),
  unary("clamp(max 0.5)", (x) => x.clamp(null, 0.5)),
  unary("clip(-1, 0)", (x) => x.clip(-1, 0), { dtypes: NUMERIC }),
  unary("logicalNot", (x) => x.logicalNot(), { dtypes: ALL, grad: false }),
  unary("isnan", (x) => x.isnan(), { dtypes: ALL, grad: false }),
  unary("isinf", (x) => x.isinf(), { dtypes: ALL, grad: false }),
  unary("isfinite", (x) => x.isfinite(), { dtypes: ALL, grad: false }),
  ...Object.entries(ON_SPECIALS).map(([name, fn]) => op(`${name}(special values)`, fn as OpSpec["fn"], [[SPECIALS]], { dtypes: FLOAT, grad: false })),
];
