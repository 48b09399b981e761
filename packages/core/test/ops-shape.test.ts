import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import type { Tensor } from "../src/index.js";

/** flip, repeat, tile, indexSelect, indexAdd, oneHot: values, errors, gradients. */

const { gradcheck, gradgradcheck } = torch.autograd;
const gen = new torch.Generator(5);
const leaf = (shape: number[]) => torch.randn(shape, { dtype: "float64", generator: gen }).requiresGrad_();
const range = (...shape: number[]) => torch.arange(shape.reduce((a, b) => a * b, 1)).reshape(shape);

describe("flip", () => {
  it("reverses the listed dims", () => {
    const x = range(2, 3);
    expect(x.flip(0).tolist()).toEqual([[3, 4, 5], [0, 1, 2]]);
    expect(x.flip(-1).tolist()).toEqual([[2, 1, 0], [5, 4, 3]]);
    expect(x.flip([0, 1]).tolist()).toEqual([[5, 4, 3], [2, 1, 0]]);
    expect(torch.flip(x.t(), [0]).tolist()).toEqual([[2, 5], [1, 4], [0, 3]]);
  });

  it("always copies, even with nothing to reverse", () => {
    const x = range(3);
    for (const y of [x.flip([]), torch.tensor(5).flip(0), range(1, 3).flip(0)]) expect(y.storage).not.toBe(x.storage);
    expect(x.flip([]).tolist()).toEqual([0, 1, 2]);
    expect(torch.tensor(5).flip(0).tolist()).toBe(5);
  });

  it("keeps half-precision values", () => {
    expect(torch.tensor([1, 2.5, -3], { dtype: "float16" }).flip(0).toArray()).toEqual([-3, 2.5, 1]);
  });

  it("throws PyTorch's errors", () => {
    expect(() => range(3).flip([0, 0])).toThrow("flip: dim 0 appears multiple times in the list of dims");
    expect(() => range(3).flip(1)).toThrow(/dimension out of range \(expected to be in range of \[-1, 0\], but got 1\)/);
  });

  it("has a gradient (the flipped gradient), twice differentiable", () => {
    expect(gradcheck((t: Tensor) => t.t().flip(0, 1).mul(t.t()), [leaf([3, 4])])).toBe(true);
    expect(gradgradcheck((t: Tensor) => t.flip(0).pow(2), [leaf([3])])).toBe(true);
  });
});

describe("repeat and tile", () => {
  it("repeat tiles each dim, adding leading dims", () => {
    expect(torch.tensor([1, 2]).repeat(2).tolist()).toEqual([1, 2, 1, 2]);
    expect(torch.tensor([1, 2]).repeat(2, 2).tolist()).toEqual([[1, 2, 1, 2], [1, 2, 1, 2]]);
    expect(range(2, 2).repeat([1, 2]).tolist()).toEqual([[0, 1, 0, 1], [2, 3, 2, 3]]);
    expect(range(2, 2).t().repeat(2, 1).tolist()).toEqual([[0, 2], [1, 3], [0, 2], [1, 3]]);
    expect(range(2, 3).repeat(2, 0).shape).toEqual([4, 0]);
    expect(torch.tensor(7).repeat(2, 3).shape).toEqual([2, 3]);
  });

  it("repeat copies even when every repeat is 1", () => {
    const x = range(2, 2);
    expect(x.repeat(1, 1).storage).not.toBe(x.storage);
  });

  it("tile pads missing repeats with leading 1s", () => {
    expect(torch.tile(torch.tensor([0, 1, 2]), [2]).tolist()).toEqual([0, 1, 2, 0, 1, 2]);
    expect(range(2, 3).tile(2).shape).toEqual([2, 6]);
    expect(range(2).tile(2, 1).tolist()).toEqual([[0, 1], [0, 1]]);
  });

  it("throws PyTorch's errors", () => {
    expect(() => range(2, 3).repeat(2)).toThrow(/Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor/);
    expect(() => range(2, 3).repeat(2, -1)).toThrow(/Trying to create tensor with negative dimension -1/);
  });

  it("has a gradient that sums the copies", () => {
    const x = torch.tensor([1, 2], { dtype: "float64", requiresGrad: true });
    x.repeat(3, 2).mul(range(3, 4)).sum().backward();
    // x0 is read at columns 0, 2 of every row: 0+2+4+6+8+10 = 30; x1 at columns 1, 3: 1+3+5+7+9+11 = 36
    expect(x.grad!.toArray()).toEqual([30, 36]);
    expect(gradcheck((t: Tensor) => t.t().repeat(2, 1, 3), [leaf([2, 3])])).toBe(true);
  });
});

describe("indexSelect and indexAdd", () => {
  it("indexSelect picks whole slices, repeats allowed", () => {
    const x = range(2, 3);
    expect(x.indexSelect(1, torch.tensor([2, 0, 2])).tolist()).toEqual([[2, 0, 2], [5, 3, 5]]);
    expect(x.indexSelect(0, torch.tensor([1], { dtype: "int32" })).tolist()).toEqual([[3, 4, 5]]);
    expect(torch.indexSelect(x.t(), 0, torch.tensor([2])).tolist()).toEqual([[2, 5]]);
    // a 0-dim index counts as one element and keeps the dim (PyTorch: shape [2, 1])
    expect(x.indexSelect(1, torch.tensor(2)).tolist()).toEqual([[2], [5]]);
    expect(x.indexSelect(1, torch.tensor([], { dtype: "int64" })).shape).toEqual([2, 0]);
    expect(torch.tensor(5).indexSelect(0, torch.tensor([0])).tolist()).toBe(5);
  });

  it("indexSelect throws PyTorch's errors", () => {
    const x = range(2, 3);
    expect(() => x.indexSelect(1, torch.tensor([[2]]))).toThrow(/Index is supposed to be a vector/);
    expect(() => x.indexSelect(1, torch.tensor([3]))).toThrow("indexSelect(): index 3 is out of bounds for dimension 1 with size 3");
    expect(() => x.indexSelect(1, torch.tensor([-1]))).toThrow(/index -1 is out of bounds/);
    expect(() => x.indexSelect(1, torch.tensor([1.5]))).toThrow(torch.DTypeError);
    expect(() => x.indexSelect(2, torch.tensor([0]))).toThrow(/dimension out of range/);
  });

  it("indexAdd sums source slices into the indexed positions", () => {
    const x = torch.ones([3, 2]);
    const source = torch.tensor([[1, 2], [3, 4], [5, 6]], { dtype: "float32" });
    // rows 0 and 2 of source both land on row 2
    expect(x.indexAdd(0, torch.tensor([2, 0, 2]), source).tolist()).toEqual([[4, 5], [1, 1], [7, 9]]);
    expect(x.indexAdd(0, torch.tensor([1]), source.slice(0, 0, 1), { alpha: 2 }).tolist()).toEqual([[1, 1], [3, 5], [1, 1]]);
    expect(() => x.indexAdd(0, torch.tensor([1]), source)).toThrow(torch.ShapeError);
  });

  it("gradients: indexSelect's sums repeated picks (via indexAdd), and both are twice differentiable", () => {
    const x = torch.tensor([1, 2, 3], { dtype: "float64", requiresGrad: true });
    x.indexSelect(0, torch.tensor([2, 0, 2, 2])).sum().backward();
    expect(x.grad!.toArray()).toEqual([1, 0, 3]);
    const idx = torch.tensor([1, 0, 1, 3]);
    expect(gradcheck((t: Tensor) => t.t().indexSelect(1, idx), [leaf([4, 3])])).toBe(true);
    expect(gradcheck((t: Tensor, s: Tensor) => t.indexAdd(1, idx, s, { alpha: 0.5 }), [leaf([2, 4]), leaf([2, 4])])).toBe(true);
    expect(gradgradcheck((t: Tensor) => t.indexSelect(0, idx).pow(2), [leaf([4])])).toBe(true);
  });
});

describe("oneHot", () => {
  it("gives int64 rows with a new last dim", () => {
    const y = torch.oneHot(torch.tensor([0, 2, 1]));
    expect(y.dtype).toBe("int64");
    expect(y.tolist()).toEqual([[1, 0, 0], [0, 0, 1], [0, 1, 0]]);
    expect(torch.oneHot(torch.tensor([[0], [2]]), 4).tolist()).toEqual([[[1, 0, 0, 0]], [[0, 0, 1, 0]]]);
    expect(torch.oneHot(torch.tensor(2), 3).tolist()).toEqual([0, 0, 1]);
    expect(torch.oneHot(torch.tensor([], { dtype: "int64" }), 3).shape).toEqual([0, 3]);
  });

  it("throws PyTorch's errors", () => {
    expect(() => torch.oneHot(torch.tensor([0, 2, 1]), 2)).toThrow(/Class values must be smaller than num_classes/);
    expect(() => torch.oneHot(torch.tensor([0, -2, 1]))).toThrow(/Class values must be non-negative/);
    expect(() => torch.oneHot(torch.tensor([0, -2, 1]), 3)).toThrow(RangeError);
    expect(() => torch.oneHot(torch.tensor([0.5, 1]))).toThrow(/only applicable to index tensor/);
    expect(() => torch.oneHot(torch.tensor([0, 1], { dtype: "int32" }))).toThrow(torch.DTypeError);
    expect(() => torch.oneHot(torch.tensor([], { dtype: "int64" }))).toThrow(/Can not infer total number of classes from empty tensor/);
  });
});
