import { describe, expect, it, vi } from "vitest";
import * as torch from "../src/index.js";
import type { Tensor } from "../src/index.js";
import { record } from "../src/autograd/record.js";

/** gradcheck / gradgradcheck themselves: they pass correct gradients and catch wrong ones. */

const { gradcheck, gradgradcheck } = torch.autograd;
const gen = new torch.Generator(3);
const leaf = (shape: number[]) => torch.randn(shape, { dtype: "float64", generator: gen }).requiresGrad_();

/** x * x with a deliberately wrong gradient: 3x instead of 2x. */
function wrongSquare(x: Tensor): Tensor {
  const out = torch.noGrad(() => x.mul(x));
  return record("WrongSquareBackward", [x], out, ([g]) => [g!.mul(x).mul(3)]);
}

/** x * x whose gradient is right but not differentiable in x (it reads a detached copy). */
function flatSecondOrder(x: Tensor): Tensor {
  const out = torch.noGrad(() => x.mul(x));
  return record("DetachedSquareBackward", [x], out, ([g]) => [g!.mul(x.detach()).mul(2)]);
}

describe("gradcheck", () => {
  it("passes correct gradients of several inputs and outputs", () => {
    const a = leaf([2, 3]);
    const b = leaf([3]);
    expect(gradcheck((x: Tensor, y: Tensor) => [x.mul(y).sin(), x.sum(1)], [a, b])).toBe(true);
  });

  it("accepts a single tensor, non-tensor arguments and integer outputs", () => {
    const x = leaf([4]);
    expect(gradcheck((t: Tensor) => t.exp(), x)).toBe(true);
    expect(gradcheck((t: Tensor, k: number) => t.mul(k), [x, 2.5])).toBe(true);
    // max(dim) returns (values, indices); the int64 indices have no gradient and are skipped
    expect(gradcheck((t: Tensor) => [...t.reshape(2, 2).max(1)], [x])).toBe(true);
  });

  it("ignores inputs that do not require grad", () => {
    const x = leaf([3]);
    const c = torch.randn([3], { dtype: "float64", generator: gen });
    expect(gradcheck((a: Tensor, b: Tensor) => a.mul(b), [x, c])).toBe(true);
  });

  it("names the output, input, element and both Jacobian entries on a mismatch", () => {
    const x = torch.tensor([[1, 2], [3, 4]], { dtype: "float64", requiresGrad: true });
    const y = leaf([1]);
    // d(x*x)_(1,0) / dx_(1,0) = 2 * 3 = 6; the wrong backward gives 3 * 3 = 9
    let message = "";
    try {
      gradcheck((a: Tensor, b: Tensor) => [a.mul(2), wrongSquare(b)], [y, x]);
    } catch (e) {
      expect(e).toBeInstanceOf(torch.AutogradError);
      message = (e as Error).message;
    }
    const m = /Jacobian mismatch for output 1 with respect to input 1, at input element \(0, 0\) and output element \(0, 0\): numerical (\S+) vs analytical (\S+) /.exec(message);
    expect(m, message).not.toBeNull();
    expect(Number(m![1])).toBeCloseTo(2, 6);
    expect(Number(m![2])).toBe(3);
  });

  it("returns false instead of throwing with raiseException: false", () => {
    expect(gradcheck(wrongSquare, [leaf([3])], { raiseException: false })).toBe(false);
  });

  it("reports the first element that differs", () => {
    const x = torch.tensor([0, 0, 2], { dtype: "float64", requiresGrad: true });
    // at 0 the wrong gradient (0) is right; at element (2) it is 6 instead of 4
    expect(() => gradcheck(wrongSquare, [x])).toThrow(/input element \(2\) and output element \(2\): numerical 4\.\d* vs analytical 6/);
  });

  it("honours atol and rtol", () => {
    // relu's gradient at 1e-7 is 1; central differences with eps 1e-6 see (1e-6 + 1e-7) / 2e-6 = 0.55
    const x = torch.tensor([1e-7], { dtype: "float64", requiresGrad: true });
    expect(gradcheck((t: Tensor) => t.relu(), [x], { raiseException: false })).toBe(false);
    expect(gradcheck((t: Tensor) => t.relu(), [x], { atol: 0.5 })).toBe(true);
    expect(gradcheck((t: Tensor) => t.relu(), [x], { eps: 1e-8 })).toBe(true);
  });

  it("perturbs non-contiguous inputs in place and restores them exactly", () => {
    const base = leaf([3, 4]).detach();
    const x = base.t().requiresGrad_();
    const before = x.toArray();
    expect(gradcheck((t: Tensor) => t.matmul(t.t()), [x])).toBe(true);
    expect(x.toArray()).toEqual(before);
  });

  it("refuses when no input requires grad", () => {
    expect(() => gradcheck((t: Tensor) => t.exp(), [torch.ones([2], { dtype: "float64" })])).toThrow(/at least one input tensor to require gradient/);
  });

  it("refuses inputs whose elements share memory", () => {
    const x = torch.ones([1, 3], { dtype: "float64" }).expand(2, 3).requiresGrad_();
    expect(() => gradcheck((t: Tensor) => t.exp(), [x])).toThrow(/non-overlapping/);
  });

  it("warns when an input is not float64", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    gradcheck((t: Tensor) => t.mul(2), [torch.ones([2], { requiresGrad: true })], { eps: 1e-2, atol: 1e-4 });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/Input #0 requires gradient and is not a double precision/));
    warn.mockRestore();
  });
});

describe("gradgradcheck", () => {
  it("passes second derivatives of composed ops", () => {
    const x = leaf([2, 3]);
    const w = leaf([3, 2]);
    expect(gradgradcheck((a: Tensor, b: Tensor) => a.matmul(b).tanh().mul(a.sum()), [x, w])).toBe(true);
  });

  it("accepts explicit gradOutputs", () => {
    const x = leaf([3]);
    const go = leaf([3]);
    expect(gradgradcheck((t: Tensor) => t.pow(3), [x], [go])).toBe(true);
  });

  it("catches a first-order gradient that is right but not differentiable", () => {
    const x = leaf([3]);
    expect(gradcheck(flatSecondOrder, [x])).toBe(true);
    expect(() => gradgradcheck(flatSecondOrder, [x])).toThrow(/Jacobian mismatch for output 0 with respect to input 0/);
  });
});
