import { describe, it } from "vitest";
import { ALL_DTYPES, COMPUTE_DTYPES, LAYOUTS, agree, make, torch, type DType, type Tensor } from "./helpers.js";

const SHAPES = [[], [7], [3, 5], [2, 3, 4], [4, 0, 3], [1, 9, 1], [2, 3, 1, 5]];

const UNARY = [
  "neg", "abs", "sign", "exp", "log", "sqrt", "rsqrt", "reciprocal", "sin", "cos", "tanh", "sigmoid", "erf",
  "floor", "ceil", "round", "trunc", "logicalNot", "isnan",
] as const;

// The reference's float64 erf is a rational approximation good to ~1e-11; the addon uses libm's.
const tolerance = (op: string, dtype: DType) => (op === "erf" && dtype === "float64" ? { rtol: 1e-9, atol: 1e-10 } : {});

describe("unary", () => {
  for (const op of UNARY) {
    it(op, () => {
      for (const dtype of COMPUTE_DTYPES)
        for (const shape of SHAPES)
          for (const layout of LAYOUTS)
            agree(`${op} ${dtype} ${layout}`, () => (make({ shape, dtype, layout, seed: shape.length * 7 + 1 }) as any)[op](), tolerance(op, dtype));
    });
  }

  it("identity casts between every pair of dtypes, halves included", () => {
    for (const from of ALL_DTYPES)
      for (const to of ALL_DTYPES)
        for (const layout of LAYOUTS)
          agree(`${from}->${to} ${layout}`, () => make({ shape: [3, 4, 5], dtype: from, layout, seed: 3 }).to(to));
  });

  it("casts wrap, truncate and saturate like typed arrays", () => {
    const big = [1e10, -1e10, 3e9, -3e9, 255.9, 256, -1, -0.5, 2 ** 31, -(2 ** 31) - 1, NaN, Infinity, -Infinity, 1e300];
    for (const to of ["int32", "uint8", "bool", "float16", "bfloat16", "float32"] as DType[])
      agree(`float64->${to}`, () => torch.tensor(Float64Array.from(big)).to(to));
    agree("int64 -> int32 wraps", () => torch.tensor(BigInt64Array.from([2n ** 40n + 5n, -(2n ** 33n) - 7n, 300n])).to("int32"));
    agree("int64 -> uint8 wraps", () => torch.tensor(BigInt64Array.from([2n ** 40n + 5n, -7n, 300n])).to("uint8"));
  });

  it("in-place ops write through strided views", () => {
    for (const dtype of ["float32", "float64", "int32"] as DType[])
      agree(`exp_/neg_ on a column ${dtype}`, () => {
        const x = make({ shape: [4, 6], dtype, seed: 5 });
        x.select(1, 2).neg_();
        x.t().slice(0, 1, 4, 2).abs_();
        return x;
      });
  });
});

const BINARY = [
  "add", "sub", "mul", "div", "pow", "maximum", "minimum", "fmod", "remainder", "floorDivide", "atan2",
  "eq", "ne", "lt", "le", "gt", "ge", "logicalAnd", "logicalOr", "logicalXor", "bitwiseAnd", "bitwiseOr", "bitwiseXor",
] as const;

// pairs of broadcastable shapes, including scalar operands and empty tensors
const PAIRS: [number[], number[]][] = [
  [[5], [5]], [[3, 4], [3, 4]], [[3, 1, 5], [4, 1]], [[2, 3], []], [[], [2, 3]], [[0, 3], [3]], [[1], [6]], [[2, 3, 4, 5], [3, 1, 5]],
];

describe("binary", () => {
  for (const op of BINARY) {
    it(op, () => {
      for (const dtype of COMPUTE_DTYPES)
        for (const [sa, sb] of PAIRS)
          for (const layout of ["contiguous", "transposed", "strided", "broadcast"] as const) {
            // integer division by zero and negative integer powers are defined (as the reference stores them)
            const small = op === "pow";
            agree(`${op} ${dtype} ${JSON.stringify(sa)} ${JSON.stringify(sb)} ${layout}`, () => {
              const a = make({ shape: sa, dtype, layout, seed: 11, small });
              const b = make({ shape: sb, dtype, layout: layout === "broadcast" ? "contiguous" : layout, seed: 12, small });
              return (a as any)[op](b);
            });
          }
    });
  }

  it("with JS scalars (scalar-broadcast fast path)", () => {
    for (const dtype of COMPUTE_DTYPES)
      for (const op of ["add", "sub", "mul", "div", "pow", "remainder", "floorDivide", "eq", "lt", "maximum"] as const)
        for (const s of [2, -3, 0.5, 0]) {
          // uint8 ** -3 means ** 253: the reference rounds that through float64, the addon wraps exactly (as PyTorch)
          if (op === "pow" && dtype === "uint8" && s < 0) continue;
          agree(`${op} ${dtype} ${s}`, () => {
            const a = make({ shape: [33, 17], dtype, seed: 4, small: op === "pow" });
            return op === "maximum" ? a.maximum(torch.tensor(s, { dtype })) : (a as any)[op](s);
          });
        }
  });

  it("mixed dtypes promote like PyTorch", () => {
    const pairs: [DType, DType][] = [["int32", "float32"], ["uint8", "int64"], ["bool", "float64"], ["float16", "float32"], ["bfloat16", "int32"]];
    for (const [x, y] of pairs)
      for (const op of ["add", "mul", "div", "lt", "eq"] as const)
        agree(`${op} ${x} ${y}`, () => (make({ shape: [4, 5], dtype: x, seed: 8 }) as any)[op](make({ shape: [5], dtype: y, seed: 9 })));
  });

  it("arithmetic on half tensors computes in float32 and rounds back", () => {
    for (const dtype of ["float16", "bfloat16"] as DType[])
      for (const op of ["add", "mul", "div", "maximum"] as const)
        agree(`${op} ${dtype}`, () => (make({ shape: [3, 7], dtype, seed: 2 }) as any)[op](make({ shape: [7], dtype, seed: 3 })));
  });
});

describe("where and fill", () => {
  it("where over dtypes, layouts and broadcasting", () => {
    for (const dtype of ALL_DTYPES)
      for (const layout of LAYOUTS)
        agree(`where ${dtype} ${layout}`, () => {
          const c = make({ shape: [3, 4, 5], dtype: "bool", layout, seed: 21 });
          const a = make({ shape: [3, 4, 5], dtype, layout, seed: 22 });
          const b = make({ shape: [4, 1], dtype, seed: 23 });
          return torch.where(c, a, b);
        });
    agree("where with a scalar", () => torch.where(make({ shape: [9, 9], dtype: "bool", seed: 1 }), make({ shape: [9, 9], dtype: "float32", seed: 2 }), 0));
    agree("maskedFill", () => make({ shape: [9, 9], dtype: "float32", seed: 2 }).maskedFill(make({ shape: [9], dtype: "bool", seed: 1 }), -Infinity));
  });

  it("fill stores values as each dtype does", () => {
    for (const dtype of ALL_DTYPES)
      for (const v of [0, 1, -1.5, 2.5, 300.7, -3e9, NaN, Infinity])
        agree(`full ${dtype} ${v}`, () => torch.full([2, 3], v, { dtype }));
    agree("fill_ on a strided view", () => {
      const x = torch.zeros([5, 6]);
      x.t().slice(0, 1, null, 2).fill_(7);
      return x;
    });
  });
});

describe("elementwise on large tensors (the threaded path)", () => {
  it("matches on multi-million-element tensors", () => {
    const big = (layout: "contiguous" | "transposed", seed: number): Tensor => make({ shape: [1100, 1000], dtype: "float32", layout, seed, special: false });
    agree("add", () => big("contiguous", 1).add(big("transposed", 2)));
    agree("exp", () => big("transposed", 3).exp());
    agree("mul scalar", () => big("contiguous", 4).mul(3));
    agree("cast", () => big("transposed", 5).to("float64"));
  });
});
