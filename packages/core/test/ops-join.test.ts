import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import type { Tensor } from "../src/index.js";

/** cat, stack, hstack, vstack, split, chunk: values, dtypes, PyTorch's errors, gradients. */

const { gradcheck } = torch.autograd;
const gen = new torch.Generator(11);
const leaf = (shape: number[]) => torch.randn(shape, { dtype: "float64", generator: gen }).requiresGrad_();
const range = (...shape: number[]) => torch.arange(shape.reduce((a, b) => a * b, 1)).reshape(shape);

describe("cat", () => {
  it("joins along a dim, negative dims included", () => {
    const a = range(2, 2);
    const b = range(2, 1).add(10);
    expect(torch.cat([a, b], 1).tolist()).toEqual([[0, 1, 10], [2, 3, 11]]);
    expect(torch.cat([a, b], -1).tolist()).toEqual([[0, 1, 10], [2, 3, 11]]);
    expect(torch.cat([a, a.add(4)]).tolist()).toEqual([[0, 1], [2, 3], [4, 5], [6, 7]]);
  });

  it("reads non-contiguous inputs", () => {
    const a = range(2, 3).t(); // [[0, 3], [1, 4], [2, 5]]
    expect(torch.cat([a, a.slice(0, 0, 3, 2)], 0).tolist()).toEqual([[0, 3], [1, 4], [2, 5], [0, 3], [2, 5]]);
  });

  it("promotes dtypes across the inputs", () => {
    // PyTorch: int32 with bool -> int32; int64 with float32 -> float32; float16 with bfloat16 -> float32
    expect(torch.cat([torch.zeros([2], { dtype: "int32" }), torch.ones([2], { dtype: "bool" })]).dtype).toBe("int32");
    const mixed = torch.cat([torch.tensor([1, 2]), torch.tensor([0.5], { dtype: "float32" })]);
    expect(mixed.dtype).toBe("float32");
    expect(mixed.toArray()).toEqual([1, 2, 0.5]);
    expect(torch.cat([torch.ones([1], { dtype: "float16" }), torch.ones([1], { dtype: "bfloat16" })]).dtype).toBe("float32");
  });

  it("skips 1-D empty tensors whatever the other shapes, as PyTorch does", () => {
    const empty = torch.tensor([], { dtype: "float64" });
    const out = torch.cat([empty, range(2, 3), empty], 1);
    expect(out.shape).toEqual([2, 3]);
    // the skipped tensor still takes part in type promotion (PyTorch gives float64 here)
    expect(out.dtype).toBe("float64");
    expect(torch.cat([torch.zeros([0]), torch.zeros([0])]).shape).toEqual([0]);
    expect(torch.cat([torch.zeros([0, 3]), torch.zeros([2, 3])]).shape).toEqual([2, 3]);
  });

  it("throws PyTorch's errors", () => {
    expect(() => torch.cat([])).toThrow(/expected a non-empty list of Tensors/);
    expect(() => torch.cat([range(2, 3), range(2)], 1)).toThrow(/Tensors must have same number of dimensions: got 2 and 1/);
    expect(() => torch.cat([range(2, 3), range(3, 3)], 1)).toThrow(
      "Sizes of tensors must match except in dimension 1. Expected size 2 but got size 3 for tensor number 1 in the list.",
    );
    expect(() => torch.cat([range(2, 3), range(3, 3)], 1)).toThrow(torch.ShapeError);
    expect(() => torch.cat([range(2, 3), range(2, 3)], 2)).toThrow(/dimension out of range \(expected to be in range of \[-2, 1\], but got 2\)/);
    expect(() => torch.cat([torch.tensor(1), torch.tensor(2)])).toThrow(/zero-dimensional tensor \(at position 0\) cannot be concatenated/);
  });

  it("has gradients: each input gets its slice, mixed dtypes and broadcasting-free", () => {
    const a = leaf([2, 3]);
    const b = leaf([4, 2]);
    expect(gradcheck((x: Tensor, y: Tensor) => torch.cat([x.t(), y.mul(y), x.t()], 0), [a, b])).toBe(true);
    const f = torch.ones([2], { dtype: "float32", requiresGrad: true });
    const d = torch.ones([3], { dtype: "float64", requiresGrad: true });
    torch.cat([f, d]).mul(torch.tensor([1, 2, 3, 4, 5], { dtype: "float64" })).sum().backward();
    expect(f.grad!.dtype).toBe("float32");
    expect(f.grad!.toArray()).toEqual([1, 2]);
    expect(d.grad!.toArray()).toEqual([3, 4, 5]);
  });

  it("is differentiable twice", () => {
    expect(torch.autograd.gradgradcheck((x: Tensor) => torch.cat([x, x.pow(2)], 0).pow(2), [leaf([3])])).toBe(true);
  });
});

describe("stack, hstack, vstack", () => {
  it("stack adds a dim", () => {
    const a = torch.tensor([1, 2]);
    const b = torch.tensor([3, 4]);
    expect(torch.stack([a, b]).tolist()).toEqual([[1, 2], [3, 4]]);
    expect(torch.stack([a, b], 1).tolist()).toEqual([[1, 3], [2, 4]]);
    expect(torch.stack([a, b], -1).tolist()).toEqual([[1, 3], [2, 4]]);
    expect(torch.stack([torch.tensor(1), torch.tensor(2)]).tolist()).toEqual([1, 2]);
  });

  it("stack throws PyTorch's errors", () => {
    expect(() => torch.stack([])).toThrow(/expects a non-empty TensorList/);
    expect(() => torch.stack([range(2), range(3)])).toThrow("stack: expects each tensor to be equal size, but got [2] at entry 0 and [3] at entry 1");
    expect(() => torch.stack([range(2), range(2)], 2)).toThrow(/dimension out of range/);
  });

  it("hstack and vstack follow numpy's rules", () => {
    expect(torch.hstack([torch.tensor([1, 2]), torch.tensor([3])]).tolist()).toEqual([1, 2, 3]);
    expect(torch.hstack([range(2, 1), range(2, 2)]).tolist()).toEqual([[0, 0, 1], [1, 2, 3]]);
    expect(torch.vstack([torch.tensor([1, 2]), torch.tensor([3, 4])]).tolist()).toEqual([[1, 2], [3, 4]]);
    expect(torch.vstack([torch.tensor(1), torch.tensor(2)]).shape).toEqual([2, 1]);
  });

  it("have gradients", () => {
    const a = leaf([3]);
    const b = leaf([3]);
    expect(gradcheck((x: Tensor, y: Tensor) => torch.stack([x, y.exp(), x], 1), [a, b])).toBe(true);
    expect(gradcheck((x: Tensor, y: Tensor) => torch.vstack([x, y]), [a, b])).toBe(true);
  });
});

describe("split and chunk", () => {
  const shapes = (ts: Tensor[]) => ts.map((t) => t.shape);

  it("split by size: the last piece may be smaller", () => {
    const x = range(5, 2);
    expect(x.split(2).map((t) => t.tolist())).toEqual([[[0, 1], [2, 3]], [[4, 5], [6, 7]], [[8, 9]]]);
    expect(shapes(x.split(1, 1))).toEqual([[5, 1], [5, 1]]);
    expect(shapes(x.split(7))).toEqual([[5, 2]]);
    expect(shapes(torch.zeros([0]).split(2))).toEqual([[0]]);
    expect(shapes(torch.zeros([0]).split(0))).toEqual([[0]]);
  });

  it("split by sections", () => {
    const x = range(5);
    expect(x.split([1, 0, 4]).map((t) => t.tolist())).toEqual([[0], [], [1, 2, 3, 4]]);
    expect(torch.split(range(2, 5), [2, 3], -1).map((t) => t.tolist())).toEqual([[[0, 1], [5, 6]], [[2, 3, 4], [7, 8, 9]]]);
  });

  it("pieces are views of the input", () => {
    const x = range(4);
    expect(x.split(2)[1]!.storage).toBe(x.storage);
  });

  it("chunk: ceil(n / chunks) per piece, so sometimes fewer pieces (as PyTorch)", () => {
    expect(shapes(range(5).chunk(3))).toEqual([[2], [2], [1]]);
    expect(shapes(range(6).chunk(4))).toEqual([[2], [2], [2]]);
    expect(shapes(range(2).chunk(5))).toEqual([[1], [1]]);
    expect(shapes(torch.zeros([0]).chunk(3))).toEqual([[0], [0], [0]]);
    expect(torch.chunk(range(2, 4), 2, 1).map((t) => t.tolist())).toEqual([[[0, 1], [4, 5]], [[2, 3], [6, 7]]]);
  });

  it("throw PyTorch's errors", () => {
    expect(() => range(5).split(-1)).toThrow(/split_size be non-negative, but got split_size=-1/);
    expect(() => range(5).split(0)).toThrow(/split_size can only be 0 if dimension size is 0, but got dimension size of 5/);
    expect(() => range(5).split([2, 2])).toThrow("split_with_sizes expects split_sizes to sum exactly to 5 (input tensor's size at dimension 0), but got split_sizes=[2, 2]");
    expect(() => range(5).split([2, -1, 4])).toThrow(/only non-negative entries/);
    expect(() => range(5).chunk(0)).toThrow(/chunk: expects `chunks` to be greater than 0, got: 0/);
    expect(() => torch.tensor(1).chunk(1)).toThrow(/chunk: expects at least a 1-dimensional tensor/);
    expect(() => torch.tensor(1).split(1)).toThrow(torch.ShapeError);
  });

  it("have gradients through every piece, non-contiguous input included", () => {
    const x = leaf([4, 5]);
    expect(gradcheck((t: Tensor) => t.t().split([1, 3], 1).map((p, i) => p.mul(i + 1)), [x])).toBe(true);
    expect(gradcheck((t: Tensor) => t.chunk(3, 1)[1]!.exp(), [x])).toBe(true);
  });
});
