import { describe, expect, it } from "vitest";
import { scalarWords } from "../src/kernels/dtype-wgsl.js";
import { elementwiseLayout, elementwiseParams, offsetCode } from "../src/kernels/params.js";
import { gridFor, shaderSource } from "../src/kernels/shader.js";
import { helperNames, helpersFor } from "../src/kernels/wgsl-library.js";

const buffer = {};

describe("kernel parameters", () => {
  it("lay out the element count, shape, then each view's offset and strides, then scalars", () => {
    const out = { buffer, dtype: "float32" as const, shape: [2, 3], strides: [3, 1], offset: 0 };
    const transposed = { buffer, dtype: "float32" as const, shape: [2, 3], strides: [1, 2], offset: 5 };
    const broadcast = { buffer, dtype: "float32" as const, shape: [2, 3], strides: [0, 1], offset: 7 };
    const words = elementwiseParams([2, 3], [out, transposed, broadcast], [42]);
    expect([...words]).toEqual([6, 2, 3, 0, 3, 1, 5, 1, 2, 7, 0, 1, 42]);
    const layout = elementwiseLayout(2, 3);
    expect([layout.offset(1), layout.stride(2, 0), layout.scalar(0)]).toEqual([6, 10, 12]);
  });

  it("index a 0-dim view with no loop at all", () => {
    const scalar = { buffer, dtype: "float32" as const, shape: [], strides: [], offset: 3 };
    expect([...elementwiseParams([], [scalar, scalar])]).toEqual([1, 3, 3]);
    expect(offsetCode(elementwiseLayout(0, 2))).not.toMatch(/%/);
  });

  it("refuse sizes beyond 32 bits instead of wrapping them", () => {
    const huge = { buffer, dtype: "float32" as const, shape: [2], strides: [2 ** 32], offset: 0 };
    expect(() => elementwiseParams([2], [huge])).toThrow(RangeError);
  });

  it("store scalars as the dtype's words, converted as identity would", () => {
    expect(scalarWords("float32", 1.5)).toEqual([0x3fc00000]);
    expect(scalarWords("int32", -2.7)).toEqual([0xfffffffe]);
    expect(scalarWords("uint8", -1)).toEqual([255]);
    expect(scalarWords("bool", Number.NaN)).toEqual([1]);
    expect(scalarWords("int64", -3)).toEqual([0xfffffffd, 0xffffffff]);
    expect(scalarWords("int64", 2 ** 40 + 5)).toEqual([5, 256]);
  });

  it("spread large launches over a second grid dimension", () => {
    expect(gridFor(0)).toEqual([1, 1]);
    expect(gridFor(256 * 65535)).toEqual([65535, 1]);
    expect(gridFor(256 * 65535 + 1)).toEqual([65535, 2]);
  });
});

describe("shader sources", () => {
  it("carry only the helpers their body calls, with what those call", () => {
    const code = shaderSource([{ name: "out", dtype: "int64", access: "read_write" }], "let q = i64_floor_divide(a, b);");
    const defined = [...code.matchAll(/^fn (\w+)\(/gm)].map((m) => m[1]).sort();
    expect(defined).toEqual(["i64_abs", "i64_add", "i64_divmod_trunc", "i64_floor_divide", "i64_is_neg", "i64_neg", "i64_sub", "main", "u64_divmod", "u64_lt"]);
    expect(helpersFor("let y = x + 1.0;")).toBe("");
  });

  it("split the helper libraries into every function they define", () => {
    expect(helperNames()).toEqual(expect.arrayContaining(["f_nan", "f_erf", "f_sin", "quadrant", "i64_mul", "u32_mul_wide", "i32_pow"]));
    expect(new Set(helperNames()).size).toBe(helperNames().length);
  });
});

describe("reduce", () => {
  const view = (shape: number[]) => ({
    buffer,
    dtype: "float32" as const,
    shape,
    strides: shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1)),
    offset: 0,
  });

  it("gives each output a workgroup when it has more elements to reduce than there are outputs", async () => {
    const { reduceCall } = await import("../src/kernels/reduce.js");
    const grouped = reduceCall("sum", view([2, 1]), view([2, 300]), [1])!;
    expect(grouped.key).toBe("reduce:sum:float32,float32:r2:wg");
    expect(grouped.groups).toEqual([2, 1]); // one workgroup per output
    const serial = reduceCall("sum", view([1, 300]), view([2, 300]), [0])!;
    expect(serial.key).toBe("reduce:sum:float32,float32:r2");
    expect(serial.groups).toEqual([2, 1]); // 300 threads in workgroups of 256
    expect(reduceCall("max", view([0, 1]), view([0, 5]), [1])).toBeNull();
  });
});
