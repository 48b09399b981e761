import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";

/** Errors and call forms of the mask and position ops (values are covered by the PyTorch fixtures). */
describe("masks and selection", () => {
  it("raises where PyTorch raises, naming the op", () => {
    const x = torch.zeros([2, 3]);
    expect(() => x.maskedSelect(torch.tensor([1, 0, 1]))).toThrow(/maskedSelect: expected mask to have dtype bool/);
    expect(() => x.maskedScatter(torch.tensor([true, false, true]), torch.tensor([1.5, 2.5, 3.5]))).toThrow(/Number of elements of source \(3\) < number of ones in mask \(4\)/);
    expect(() => x.maskedFill(torch.ones([3, 2, 3], { dtype: "bool" }), 1)).toThrow(/must broadcast to the shape of self/);
    expect(() => x.maskedFill(torch.ones([3], { dtype: "bool" }), torch.ones([2]))).toThrow(/0-dimensional value tensor/);
    expect(() => x.take(torch.tensor([6]))).toThrow(/take: index 6 out of range for tensor of size 6/);
    expect(() => x.takeAlongDim(torch.tensor([[0]]).to("int32"), 1)).toThrow(torch.DTypeError);
    expect(() => torch.where(torch.tensor([true]), 1.5 as unknown as torch.Tensor, undefined as unknown as torch.Tensor)).toThrow(TypeError);
  });

  it("maskedFill with a 0-dim tensor value passes the gradient to the value", () => {
    const v = torch.tensor(2.5).requiresGrad_();
    const out = torch.zeros([2, 2]).maskedFill(torch.tensor([[true, false], [true, true]]), v);
    expect(out.tolist()).toEqual([[2.5, 0], [2.5, 2.5]]);
    out.sum().backward();
    expect(v.grad!.item()).toBe(3);
  });

  it("nonzero of nothing is an empty [0, ndim] tensor, and where(condition) gives one tensor per dim", () => {
    expect(torch.zeros([2, 3]).nonzero().shape).toEqual([0, 2]);
    const [rows, cols] = torch.where(torch.tensor([[false, true], [true, false]]));
    expect(rows!.tolist()).toEqual([0, 1]);
    expect(cols!.tolist()).toEqual([1, 0]);
  });
});
