import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { ShapeError } from "../src/index.js";
import { expectError } from "./expect-error.js";

/**
 * No size reaches a backend's allocator unless it is a non-negative integer
 * whose element and byte counts are exact: a NaN, negative or overflowing
 * size raises a catchable error naming the shape, wherever it comes from.
 */
describe("allocation sizes", () => {
  it("creation ops reject sizes whose element count overflows", () => {
    expectError(() => torch.empty([2 ** 31, 2 ** 31]), ShapeError, /^empty:/, /overflowed/, "[2147483648, 2147483648]");
    expectError(() => torch.zeros([2 ** 62]), ShapeError, /^zeros:/);
    expectError(() => torch.full([2 ** 62], 1), ShapeError, /^full:/);
    expectError(() => torch.ones([2 ** 27, 2 ** 27]), ShapeError, /^ones:/, /overflowed/);
    expectError(() => torch.randn([2 ** 40, 2 ** 20]), ShapeError, /^randn:/);
  });

  it("ops whose output would be too large raise before allocating", () => {
    const big = torch.zeros([1]).expand([2 ** 30]);
    // 2^30 x 2^30 float32: 2^62 bytes
    expectError(() => big.unsqueeze(1).matmul(big.unsqueeze(0)), ShapeError, /overflowed/, "[1073741824, 1073741824]");
    expectError(() => torch.zeros([2, 2]).repeat([2 ** 30, 2 ** 30]), Error, /overflowed|too large|bytes/);
    expectError(() => torch.zeros([2]).expand([2 ** 25, 2 ** 25, 2]).contiguous(), RangeError, /^allocate:/, /bytes/);
    expectError(() => torch.zeros([2, 2]).expand([2 ** 27, 2 ** 27, 2, 2]), ShapeError, /overflowed/);
    expectError(() => torch.nn.functional.pad(torch.zeros([1, 1]), [2 ** 40, 2 ** 40, 2 ** 20, 2 ** 20]), Error);
  });

  it("unknown dtype strings are a TypeError wherever a dtype is accepted", () => {
    const bad = "float8" as torch.DType;
    expectError(() => torch.zeros([2], { dtype: bad }), TypeError, /float8/, /bfloat16/);
    expectError(() => torch.empty([2], { dtype: bad }), TypeError, /float8/);
    expectError(() => torch.full([2], 1, { dtype: bad }), TypeError, /float8/);
    expectError(() => torch.arange(6, { dtype: bad }), TypeError, /float8/);
    expectError(() => torch.tensor([1, 2], { dtype: bad }), TypeError, /float8/);
    expectError(() => torch.randn([2], { dtype: bad }), TypeError, /float8/);
    expectError(() => torch.eye(2, 2, { dtype: bad }), TypeError, /float8/);
    expectError(() => torch.zeros([2]).sum(null, { dtype: bad }), TypeError, /float8/);
    expectError(() => torch.zeros([2]).softmax(0, { dtype: bad }), TypeError, /float8/);
    expectError(() => torch.zeros([2], { dtype: "__proto__" as torch.DType }), TypeError, /__proto__/);
  });
});

describe("shape arguments of creation ops", () => {
  it("eye and randperm take non-negative integer counts", () => {
    expectError(() => torch.eye(-2), RangeError, /^eye:/, /n must be greater or equal to 0, got -2/);
    expectError(() => torch.eye(2, -1), RangeError, /^eye:/, /m must be/);
    for (const n of [1.5, NaN, Infinity, "3"]) expectError(() => torch.eye(n as number), TypeError, /^eye:/);
    expectError(() => torch.randperm(-1), RangeError, /^randperm:/);
    expectError(() => torch.randperm(NaN), TypeError, /^randperm:/);
    expect(torch.eye(0).shape).toEqual([0, 0]);
    expect(torch.eye(2, 3).tolist()).toEqual([[1, 0, 0], [0, 1, 0]]);
  });

  it("size arguments must be arrays of non-negative integers", () => {
    for (const op of ["zeros", "ones", "empty", "rand", "randn"] as const) {
      for (const d of [-1, 1.5, NaN, Infinity, -Infinity]) expectError(() => torch[op]([2, d]), ShapeError, new RegExp(`^${op}:`));
      expectError(() => torch[op]([2, "3" as unknown as number]), TypeError, new RegExp(`^${op}:`));
      expectError(() => torch[op]([null as unknown as number]), TypeError, new RegExp(`^${op}:`));
    }
    expectError(() => torch.full([-1], 0), ShapeError, /^full:/);
    expectError(() => torch.randint(0, 5, [-1]), ShapeError, /^randint:/);
    expectError(() => torch.tensor(new Float32Array(4), { shape: [-2, -2] }), ShapeError, /^tensor:/);
  });

  it("arange, linspace and randint reject non-finite or non-integer bounds", () => {
    expectError(() => torch.arange(NaN), RangeError, /^arange:/);
    expectError(() => torch.arange(0, Infinity), RangeError, /^arange:/);
    expectError(() => torch.arange(0, 2 ** 60, 1e-10), RangeError, /^arange:/);
    expectError(() => torch.arange(-3), RangeError, /^arange:/);
    expectError(() => torch.linspace(0, 1, -1), RangeError, /^linspace:/);
    expectError(() => torch.linspace(0, 1, 2.5), RangeError, /^linspace:/);
    expectError(() => torch.randint(0, 2.5, [2]), TypeError, /^randint:/);
    expectError(() => torch.randint(0, NaN, [2]), TypeError, /^randint:/);
  });
});
