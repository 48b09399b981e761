import type { DType } from "../../dtype.js";
import * as torch from "../../index.js";
import type { Tensor } from "../../tensor.js";
import { NONZERO, POSITIVE } from "../host-values.js";
import { ALL, FLOAT, INT, NUMERIC, binary, fixed, mask, op, unary, type OpSpec } from "../op-spec.js";

const BITWISE: readonly DType[] = [...INT, "bool"];

/** Elementwise binary ops over the broadcasting presets, then Python-scalar operands and type promotion. */
export const BINARY_OPS: readonly OpSpec[] = [
  binary("add", (x, y) => x.add(y), { dtypes: ALL }),
  binary("add(alpha 2)", (x, y) => x.add(y, { alpha: 2 }), { dtypes: NUMERIC }),
  binary("sub", (x, y) => x.sub(y), { dtypes: NUMERIC }),
  binary("sub(alpha -0.5)", (x, y) => x.sub(y, { alpha: -0.5 })),
  binary("rsub", (x, y) => x.rsub(y), { dtypes: NUMERIC }),
  binary("mul", (x, y) => x.mul(y), { dtypes: ALL }),
  binary("div", (x, y) => x.div(y), { dtypes: NUMERIC, domains: [undefined, NONZERO] }),
  binary("div(trunc)", (x, y) => x.div(y, { roundingMode: "trunc" }), { dtypes: NUMERIC, domains: [undefined, NONZERO], grad: false }),
  binary("div(floor)", (x, y) => x.div(y, { roundingMode: "floor" }), { dtypes: NUMERIC, domains: [undefined, NONZERO], grad: false }),
  binary("pow", (x, y) => x.pow(y), { domains: [POSITIVE] }),
  binary("pow(integers)", (x, y) => x.pow(y), { dtypes: INT, domains: [{ lo: 0, hi: 3 }, { lo: 0, hi: 3 }] }),
  binary("maximum", (x, y) => x.maximum(y), { dtypes: ALL }),
  binary("minimum", (x, y) => x.minimum(y), { dtypes: ALL }),
  binary("fmod", (x, y) => x.fmod(y), { dtypes: NUMERIC, domains: [undefined, NONZERO] }),
  binary("remainder", (x, y) => x.remainder(y), { dtypes: NUMERIC, domains: [undefined, NONZERO] }),
  binary("floorDivide", (x, y) => x.floorDivide(y), { dtypes: NUMERIC, domains: [undefined, NONZERO], grad: false }),
  binary("atan2", (x, y) => x.atan2(y), { dtypes: NUMERIC }),
  ...(["eq", "ne", "lt", "le", "gt", "ge", "logicalAnd", "logicalOr", "logicalXor"] as const).map((name) =>
    binary(name, (x, y) => x[name](y), { dtypes: ALL, grad: false }),
  ),
  ...(["bitwiseAnd", "bitwiseOr", "bitwiseXor"] as const).map((name) =>
    binary(name, (x, y) => x[name](y), { dtypes: BITWISE, grad: false, oracle: false, domain: { lo: -9, hi: 9 } }),
  ),
  // comparisons must see NaN as unordered and infinities as ordered
  ...(["eq", "ne", "lt", "ge", "maximum", "minimum"] as const).map((name) =>
    op(`${name}(special values)`, (x, y) => x![name](y!), [[fixed([NaN, 1, Infinity, -Infinity, 0, NaN]), fixed([1, NaN, Infinity, 2, -0, NaN])]], { grad: false }),
  ),

  // Python scalars as the other operand (they do not raise the tensor's dtype within its category)
  unary("add(2.5)", (x) => x.add(2.5), { dtypes: NUMERIC }),
  unary("add(true)", (x) => x.add(true), { dtypes: ALL }),
  unary("sub(1, alpha 2)", (x) => x.sub(1, { alpha: 2 }), { dtypes: NUMERIC }),
  unary("rsub(1)", (x) => x.rsub(1), { dtypes: NUMERIC }),
  unary("mul(-3)", (x) => x.mul(-3), { dtypes: ALL }),
  unary("div(4)", (x) => x.div(4), { dtypes: NUMERIC }),
  unary("pow(2)", (x) => x.pow(2), { dtypes: NUMERIC }),
  unary("pow(0.5)", (x) => x.pow(0.5), { dtypes: FLOAT, domain: POSITIVE }),
  unary("pow(-1.5)", (x) => x.pow(-1.5), { dtypes: FLOAT, domain: POSITIVE }),
  unary("gt(0.5)", (x) => x.gt(0.5), { dtypes: ALL, grad: false }),
  unary("eq(1)", (x) => x.eq(1), { dtypes: ALL, grad: false }),
  unary("remainder(-1.5)", (x) => x.remainder(-1.5), { dtypes: NUMERIC }),

  // type promotion between tensors (the result dtype is checked against PyTorch's)
  promoted("int32", "float32", "float32"),
  promoted("int64", "float64", "float64"),
  promoted("uint8", "int32", "int32"),
  promoted("uint8", "int64", "int64"),
  promoted("bool", "float32", "float32"),
  promoted("bool", "int32", "int32"),
  promoted("float16", "bfloat16", "float32"),
  promoted("float16", "float32", "float32"),
  promoted("bfloat16", "float64", "float64"),
  // a 0-dim operand only raises the category: float64 stays float32 next to a dimensioned float32
  promoted("float32", "float64", "float32", true),
  promoted("int32", "float64", "float64", true),
  promoted("uint8", "int64", "uint8", true),

  op("where", (c, x, y) => torch.where(c!, x!, y!), [
    [mask([2, 3]), [2, 3], [2, 3]],
    [mask([2, 1]), [3], [2, 3]],
    [mask([]), [2, 3], []],
    [mask([0, 3]), [0, 3], [3]],
  ], { dtypes: ALL }),
  op("where(x, 0)", (c, x) => x!.where(c!, 0), [[mask([2, 3]), [2, 3]], [mask([3]), [2, 3]]], { dtypes: ALL }),
  op("maskedFill", (x, m) => x!.maskedFill(m!, -1.5), [[[2, 3], mask([2, 3])], [[2, 3], mask([3])], [[], mask([])]]),
  op("maskedFill(integer value)", (x, m) => x!.maskedFill(m!, 3), [[[2, 3], mask([2, 3])]], { dtypes: ALL }),
];

/** add and mul between two fixed dtypes; `zeroDim` makes the second operand 0-dim. */
function promoted(a: DType, b: DType, result: DType, zeroDim = false): OpSpec {
  const fn = (x?: Tensor, y?: Tensor) => {
    const out = x!.add(y!).mul(y!);
    if (out.dtype !== result) throw new TypeError(`result dtype ${out.dtype}, PyTorch gives ${result}`);
    return out;
  };
  return op(`add/mul(${a}, ${b}${zeroDim ? " 0-dim" : ""})`, fn, [[{ shape: [2, 3], dtype: a }, { shape: zeroDim ? [] : [2, 3], dtype: b }]], {
    dtypes: ["float32"],
    // the oracle's float64 inputs would promote differently
    oracle: false,
  });
}
