import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { DTypeError } from "../src/index.js";
import { expectError } from "./expect-error.js";

describe("special functions", () => {
  it("agree with known values", () => {
    // Γ(5) = 24, ψ(1) = -γ, ψ'(1) = π²/6, erf(erfinv(0.5)) = 0.5
    expect(torch.lgamma(torch.tensor([5], { dtype: "float64" })).item()).toBeCloseTo(Math.log(24), 13);
    expect(torch.digamma(torch.tensor([1], { dtype: "float64" })).item()).toBeCloseTo(-0.5772156649015329, 13);
    expect(torch.polygamma(1, torch.tensor([1], { dtype: "float64" })).item()).toBeCloseTo(Math.PI ** 2 / 6, 11);
    expect(torch.tensor([0.5], { dtype: "float64" }).erfinv().erf().item()).toBeCloseTo(0.5, 14);
  });

  it("put lgamma's poles at zero and the negative integers, in every float dtype", () => {
    // Γ has poles there, so log |Γ| is +inf (PyTorch's value); sin(πx) is not exactly 0 at them in floating point
    for (const dtype of ["float32", "float64"] as const) {
      expect(torch.lgamma(torch.tensor([0, -1, -2, -7], { dtype })).tolist()).toEqual([Infinity, Infinity, Infinity, Infinity]);
    }
    // between the poles log |Γ(-2.5)| = log(8√π / 15)
    expect(torch.lgamma(torch.tensor([-2.5], { dtype: "float64" })).item()).toBeCloseTo(Math.log((8 * Math.sqrt(Math.PI)) / 15), 12);
  });

  it("turn integer inputs into the default float dtype", () => {
    expect(torch.lgamma(torch.tensor([1, 2, 3])).dtype).toBe("float32");
    expect((torch.tensor([1, 2]).digamma().tolist() as number[])[0]).toBeCloseTo(-0.5772157, 6);
  });

  it("refuse polygamma orders without an implementation, naming them", () => {
    expect(() => torch.polygamma(2, torch.ones(2))).toThrow(/only n = 0 and n = 1/);
    expect(() => torch.polygamma(-1, torch.ones(2))).toThrow(/non-negative integer/);
    const x = torch.ones(2).requiresGrad_();
    expect(() => torch.polygamma(1, x).sum().backward()).toThrow(/needs polygamma\(2, x\)/);
  });
});

describe("bernoulli and normal with tensor parameters", () => {
  it("sample 0 and 1 at the ends and keep the parameters' dtype and shape", () => {
    const p = torch.tensor([[0, 1], [1, 0]], { dtype: "float64" });
    const s = torch.bernoulli(p);
    expect(s.dtype).toBe("float64");
    expect(s.tolist()).toEqual([[0, 1], [1, 0]]);
    expect(torch.normal(torch.zeros([2, 1]), torch.ones(3)).shape).toEqual([2, 3]);
    expect(torch.normal(1, 0, [2]).tolist()).toEqual([1, 1]);
  });

  it("give the parameters zero gradients, as PyTorch", () => {
    const mean = torch.zeros(3).requiresGrad_();
    const std = torch.ones(3).requiresGrad_();
    torch.normal(mean, std).sum().backward();
    expect([mean.grad!.tolist(), std.grad!.tolist()]).toEqual([[0, 0, 0], [0, 0, 0]]);
  });

  it("check their arguments", () => {
    expectError(() => torch.bernoulli(torch.tensor([0.5, 1.5])), RangeError, "bernoulli: expected all probabilities in p to be in [0, 1]");
    expectError(() => torch.bernoulli(torch.tensor([1, 0])), DTypeError, "floating point");
    expectError(() => torch.normal(torch.zeros(2), -1), RangeError, "expects std >= 0.0, but found std -1");
    expectError(() => torch.normal(torch.zeros(2), torch.tensor([1, -1]).float()), RangeError, "all elements of std >= 0.0");
    expectError(() => torch.normal(0, 1), TypeError, "pass the size");
    expectError(() => torch.normal(torch.zeros(2), 1, [2]), TypeError, "size is only taken");
    expectError(() => torch.bernoulli(torch.ones(2).mul(0.5), { generator: {} as never }), TypeError, "torch.Generator");
  });
});
