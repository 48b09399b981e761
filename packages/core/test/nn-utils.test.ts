import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { nn } from "../src/index.js";

/** nn.utils: gradient clipping (norm and value) and flat parameter vectors. */

function withGrad(values: number[]): nn.Parameter {
  const p = new nn.Parameter(torch.zeros([values.length], { dtype: "float64" }));
  p.grad = torch.tensor(values, { dtype: "float64" });
  return p;
}

describe("nn.utils.clipGradNorm_", () => {
  it("scales all gradients by maxNorm / (total norm + 1e-6) and returns the norm", () => {
    const a = withGrad([3, 0]);
    const b = withGrad([0, 4]);
    const c = new nn.Parameter(torch.zeros([2]));
    const norm = nn.utils.clipGradNorm_([a, b, c], 1);
    expect(norm.item()).toBe(5);
    const coef = 1 / (5 + 1e-6);
    expect(a.grad!.toArray()[0]).toBeCloseTo(3 * coef, 15);
    expect(b.grad!.toArray()[1]).toBeCloseTo(4 * coef, 15);
    expect(c.grad).toBeNull();
  });

  it("leaves gradients alone when under the limit, supports other norms and one tensor", () => {
    const a = withGrad([3, -4]);
    expect(nn.utils.clipGradNorm_(a, 10).item()).toBe(5);
    expect(a.grad!.toArray()).toEqual([3, -4]);
    expect(nn.utils.clipGradNorm_([withGrad([1, -7]), withGrad([2])], 100, { normType: Infinity }).item()).toBe(7);
    expect(nn.utils.clipGradNorm_([withGrad([1, -7]), withGrad([2])], 100, { normType: 1 }).item()).toBe(10);
    expect(nn.utils.clipGradNorm_([withGrad([1, 2]), withGrad([2])], 100, { normType: 3 }).item()).toBeCloseTo(17 ** (1 / 3), 14);
    expect(nn.utils.clipGradNorm_([], 1).item()).toBe(0);
  });

  it("throws on a non-finite norm only when asked", () => {
    expect(() => nn.utils.clipGradNorm_([withGrad([NaN, 1])], 1, { errorIfNonfinite: true })).toThrow(
      /The total norm of order 2 for gradients from `parameters` is non-finite/,
    );
    expect(Number.isNaN(nn.utils.clipGradNorm_([withGrad([NaN, 1])], 1).item())).toBe(true);
  });
});

describe("nn.utils.clipGradValue_ and parameter vectors", () => {
  it("clamps gradients into [-clip, clip]", () => {
    const a = withGrad([-3, 0.5, 2]);
    nn.utils.clipGradValue_([a], 1);
    expect(a.grad!.toArray()).toEqual([-1, 0.5, 1]);
  });

  it("flattens parameters into one vector and writes a vector back in place", () => {
    const fc = new nn.Linear(2, 3);
    const vec = nn.utils.parametersToVector(fc.parameters());
    expect(vec.shape).toEqual([9]);
    expect(vec.toArray()).toEqual([...fc.weight.toArray(), ...fc.bias!.toArray()]);
    const weight = fc.weight;
    nn.utils.vectorToParameters(torch.arange(9, { dtype: "float32" }), fc.parameters());
    expect(fc.weight).toBe(weight);
    expect(fc.weight.tolist()).toEqual([[0, 1], [2, 3], [4, 5]]);
    expect(fc.bias!.tolist()).toEqual([6, 7, 8]);
    expect(() => nn.utils.vectorToParameters(torch.zeros([8]), fc.parameters())).toThrow("vec has 8 elements but the parameters have 9 in total");
    // differentiable, as torch.cat is
    nn.utils.parametersToVector(fc.parameters()).sum().backward();
    expect(fc.bias!.grad!.toArray()).toEqual([1, 1, 1]);
  });
});
