import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";

/** Errors and cases the PyTorch fixtures cannot pin down (PyTorch leaves them unspecified or raises). */
describe("scans, sorting and counting", () => {
  it("rejects k out of range, as PyTorch raises", () => {
    const x = torch.tensor([[1.5, 0.5, 2.5]]);
    expect(() => x.topk(4)).toThrow(/topk\(\): selected index k \(4\) out of range for dimension 1 of size 3/);
    expect(() => x.kthvalue(0)).toThrow(RangeError);
    expect(() => x.sort(2)).toThrow(/dimension out of range/);
  });

  it("names the dtype and shape problems", () => {
    expect(() => torch.tensor([1, 2]).logcumsumexp(0)).toThrow(torch.DTypeError);
    expect(() => torch.tensor([1, -1]).bincount()).toThrow(/non-negative/);
    expect(() => torch.tensor([0.5, 1.5]).bincount()).toThrow(torch.ShapeError);
    expect(() => torch.tensor([1, 2]).histc()).toThrow(torch.DTypeError);
    expect(() => torch.tensor([0.5]).histc({ min: 2, max: 1 })).toThrow(/max must be larger than min/);
    expect(() => torch.tensor([1, 2]).bucketize(torch.tensor([[1, 2]]))).toThrow(/boundaries tensor must be 1 dimension/);
    expect(() => torch.searchsorted(torch.tensor([1, 2]), torch.tensor([1]), { side: "left", right: true })).toThrow(TypeError);
    expect(() => torch.searchsorted(torch.tensor([[1, 2]]), torch.tensor([[1], [2]]))).toThrow(/first N-1 dimensions/);
    expect(() => torch.tensor([]).median(0)).toThrow(/non-zero size/);
  });

  it("nanmedian of an all-NaN line is NaN", () => {
    const { values } = torch.tensor([[NaN, NaN], [1.5, NaN]]).nanmedian(1);
    expect(values.tolist()).toEqual([NaN, 1.5]);
    expect(torch.tensor([]).median().item()).toBeNaN();
  });

  it("sort is stable in both directions and returns a (values, indices) pair", () => {
    const [values, indices] = torch.tensor([2, 1, 2, 1, 2]).sort({ descending: true });
    expect(values!.tolist()).toEqual([2, 2, 2, 1, 1]);
    expect(indices!.tolist()).toEqual([0, 2, 4, 1, 3]);
    expect(torch.argsort(torch.tensor([2, 1, 2, 1]), 0).tolist()).toEqual([1, 3, 0, 2]);
  });

  it("cummax and sort send the gradient to the chosen elements", () => {
    const x = torch.tensor([1.5, 0.5, 2.5, 2.5]).requiresGrad_();
    x.cummax(0).values.mul(torch.tensor([1, 2, 3, 4])).sum().backward();
    // positions 0, 0, 2, 3 (a later equal element takes over)
    expect(x.grad!.tolist()).toEqual([3, 0, 3, 4]);
    const y = torch.tensor([0.5, -1.5, 2.5]).requiresGrad_();
    y.sort().values.mul(torch.tensor([1, 2, 3])).sum().backward();
    expect(y.grad!.tolist()).toEqual([2, 1, 3]);
  });

  it("cumprod's gradient is exact around zeros (against the product rule by hand)", () => {
    const x = torch.tensor([2.5, 0, 3.5, 0, 1.5]).requiresGrad_();
    x.cumprod(0).sum().backward();
    // d/dx0: 1 (only out0 is nonzero); d/dx1 (first zero): x0 + x0*x2 = 2.5 + 8.75; after it 0
    expect(x.grad!.tolist()).toEqual([1, 11.25, 0, 0, 0]);
  });

  it("unique along a dim, with inverse and counts", () => {
    const x = torch.tensor([[1, 0, 1, 2], [3, 1, 3, 0]]);
    const [values, inverse, counts] = x.unique({ dim: 1, returnInverse: true, returnCounts: true });
    expect(values.tolist()).toEqual([[0, 1, 2], [1, 3, 0]]);
    expect(inverse.tolist()).toEqual([1, 0, 1, 2]);
    expect(counts.tolist()).toEqual([1, 2, 1]);
  });
});
