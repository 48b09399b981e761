import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { AutogradError, ShapeError } from "../src/index.js";
import { expectError } from "./expect-error.js";

/** In-place writes either give PyTorch's answer or raise PyTorch's error; never a silently wrong result. */
describe("in-place writes", () => {
  it("copies between overlapping views of one storage read the source before writing", () => {
    const x = torch.arange(9, { dtype: "float32" }).reshape([3, 3]);
    x.copy_(x.t());
    expect(x.tolist()).toEqual([[0, 3, 6], [1, 4, 7], [2, 5, 8]]);
    const y = torch.arange(6, { dtype: "float32" });
    y.narrow(0, 1, 5).copy_(y.narrow(0, 0, 5));
    expect(y.tolist()).toEqual([0, 0, 1, 2, 3, 4]);
    const z = torch.arange(6, { dtype: "float32" });
    z.narrow(0, 0, 5).copy_(z.narrow(0, 1, 5));
    expect(z.tolist()).toEqual([1, 2, 3, 4, 5, 5]);
    const w = torch.arange(4, { dtype: "float32" });
    w.copy_(w);
    expect(w.tolist()).toEqual([0, 1, 2, 3]);
  });

  it("writes through expanded views raise PyTorch's error", () => {
    const base = () => torch.zeros([3]).expand([2, 3]);
    for (const [name, write] of [
      ["add_", (t: torch.Tensor) => t.add_(1)],
      ["mul_", (t: torch.Tensor) => t.mul_(2)],
      ["add_", (t: torch.Tensor) => t.add_(torch.ones([2, 3]))],
      ["copy_", (t: torch.Tensor) => t.copy_(torch.ones([2, 3]))],
      ["exp_", (t: torch.Tensor) => t.exp_()],
      ["clamp_", (t: torch.Tensor) => t.clamp_(0, 1)],
      ["random fill", (t: torch.Tensor) => t.uniform_()],
    ] as const) {
      expectError(() => write(base()), ShapeError, new RegExp(`^${name}:`), /more than one element of the written-to tensor refers to a single memory location/, /clone\(\)/);
    }
    // fill_ and zero_ write one value, which PyTorch allows
    expect(base().fill_(2).tolist()).toEqual([[2, 2, 2], [2, 2, 2]]);
  });
});

describe("integer division and powers", () => {
  const ints = () => torch.tensor([7, -7, 3]);

  it("integer floorDivide, remainder, fmod and rounded div by zero raise ZeroDivisionError", () => {
    for (const [op, fn] of [
      ["floorDivide", (d: torch.Tensor | number) => ints().floorDivide(d)],
      ["remainder", (d: torch.Tensor | number) => ints().remainder(d)],
      ["fmod", (d: torch.Tensor | number) => ints().fmod(d)],
      ["div", (d: torch.Tensor | number) => ints().div(d, { roundingMode: "trunc" })],
      ["floorDivide", (d: torch.Tensor | number) => ints().div(d, { roundingMode: "floor" })],
    ] as const) {
      expectError(() => fn(0), RangeError, new RegExp(`^${op}:`), /ZeroDivisionError/);
      expectError(() => fn(torch.tensor([1, 0, 2])), RangeError, new RegExp(`^${op}:`), /ZeroDivisionError/);
      expectError(() => fn(torch.tensor([1, 0, 2], { dtype: "int32" })), RangeError, /ZeroDivisionError/);
    }
    expectError(() => torch.tensor([1, 2], { dtype: "uint8" }).remainder(torch.zeros([2], { dtype: "uint8" })), RangeError, /ZeroDivisionError/);
    // PyTorch's answers where the divisor has no zero, or the division is in floating point
    expect(ints().floorDivide(2).tolist()).toEqual([3, -4, 1]);
    expect(ints().remainder(torch.tensor([2, 2, -2])).tolist()).toEqual([1, 1, -1]);
    expect(ints().div(2, { roundingMode: "trunc" }).tolist()).toEqual([3, -3, 1]);
    expect(ints().div(0).tolist()).toEqual([Infinity, -Infinity, Infinity]);
    expect(ints().float().floorDivide(0).tolist()).toEqual([Infinity, -Infinity, Infinity]);
    expect(ints().floorDivide(0.5).tolist()).toEqual([14, -14, 6]);
  });

  it("integer tensors to negative integer powers raise", () => {
    for (const dtype of ["int64", "int32", "uint8", "bool"] as const) {
      expectError(() => torch.tensor([1, 2], { dtype }).pow(-1), RangeError, /^pow:/, /Integers to negative integer powers are not allowed/);
    }
    expectError(() => torch.tensor([1, 2]).pow_(-2), RangeError, /Integers to negative integer powers/);
    expect(torch.tensor([1, 2]).pow(2).tolist()).toEqual([1, 4]);
    expect(torch.tensor([1, 4]).pow(-0.5).tolist()).toEqual([1, 0.5]);
    expect(torch.tensor([1, 2], { dtype: "float32" }).pow(-1).tolist()).toEqual([1, 0.5]);
  });
});

describe("autograd reads only what each formula needs", () => {
  it("an in-place change to an input a gradient does not read is allowed (neg, exp, tanh, sigmoid, sqrt)", () => {
    for (const op of ["neg", "exp", "tanh", "sigmoid", "sqrt", "rsqrt", "reciprocal", "floor"] as const) {
      const x = torch.tensor([0.5, 1.5, 2.5], { requiresGrad: true });
      const a = x.mul(2);
      const y = a[op]();
      const expected = y.detach().clone();
      a.add_(1);
      y.mul(torch.tensor([1, 2, 3])).sum().backward();
      // the gradient is the one of the values before the write: d/dx f(2x) = 2 f'(2x)
      const ref = torch.tensor([0.5, 1.5, 2.5], { requiresGrad: true });
      ref.mul(2)[op]().mul(torch.tensor([1, 2, 3])).sum().backward();
      expect(x.grad!.tolist(), op).toEqual(ref.grad!.tolist());
      expect(y.tolist()).toEqual(expected.tolist());
    }
  });

  it("an in-place change to an input the gradient reads is still caught", () => {
    for (const op of ["sin", "log", "abs", "erf"] as const) {
      const x = torch.tensor([0.5, 1.5], { requiresGrad: true });
      const a = x.mul(2);
      const y = a[op]();
      a.add_(1);
      expectError(() => y.sum().backward(), AutogradError, /modified by an inplace operation/);
    }
    const x = torch.tensor([0.5, 1.5], { requiresGrad: true });
    const y = x.exp();
    y.add_(1);
    expectError(() => y.sum().backward(), AutogradError, /ExpBackward0/, /inplace/);
  });
});

describe("dispose and the graph", () => {
  it("disposing an intermediate no formula reads keeps the graph whole", () => {
    const x = torch.tensor([1, 2, 3], { dtype: "float32", requiresGrad: true });
    const a = x.mul(2);
    const y = a.neg();
    a.dispose();
    y.sum().backward();
    expect(x.grad?.tolist()).toEqual([-2, -2, -2]);
  });

  it("disposing a tensor a formula reads raises at backward instead of cutting the graph", () => {
    const x = torch.tensor([1, 2, 3], { dtype: "float32", requiresGrad: true });
    const a = x.mul(2);
    const y = a.sin();
    a.dispose();
    expectError(() => y.sum().backward(), AutogradError, /SinBackward0/, /disposed/, /torch.scope/);
  });
});
