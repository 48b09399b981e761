import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import type { PadMode, Tensor } from "../src/index.js";

/** pad: every mode against PyTorch (values and gradients), cropping, errors, gradcheck. */

const { gradcheck, gradgradcheck } = torch.autograd;
const gen = new torch.Generator(13);
const leaf = (shape: number[]) => torch.randn(shape, { dtype: "float64", generator: gen }).requiresGrad_();

// PyTorch 1.13: x = arange(12.).reshape(1, 1, 3, 4); y = F.pad(x, pad, mode) (value -1 for constant);
// grad = d/dx sum(y * arange(y.numel()).reshape(y.shape)). Shown as the last two dims.
const CASES: { mode: PadMode; pad: number[]; y: number[][]; grad: number[][] }[] = [
  {
    mode: "reflect", pad: [2, 1, 1, 2],
    y: [[6, 5, 4, 5, 6, 7, 6], [2, 1, 0, 1, 2, 3, 2], [6, 5, 4, 5, 6, 7, 6], [10, 9, 8, 9, 10, 11, 10], [6, 5, 4, 5, 6, 7, 6], [2, 1, 0, 1, 2, 3, 2]],
    grad: [[46, 92, 146, 52], [48, 96, 156, 57], [23, 46, 73, 26]],
  },
  {
    mode: "replicate", pad: [1, 2, 2, 0],
    y: [[0, 0, 1, 2, 3, 3, 3], [0, 0, 1, 2, 3, 3, 3], [0, 0, 1, 2, 3, 3, 3], [4, 4, 5, 6, 7, 7, 7], [8, 8, 9, 10, 11, 11, 11]],
    grad: [[45, 27, 30, 108], [43, 23, 24, 78], [57, 30, 31, 99]],
  },
  {
    mode: "circular", pad: [1, -1, 2, 1],
    y: [[6, 4, 5, 6], [10, 8, 9, 10], [2, 0, 1, 2], [6, 4, 5, 6], [10, 8, 9, 10], [2, 0, 1, 2]],
    grad: [[30, 32, 62, 0], [14, 16, 30, 0], [22, 24, 46, 0]],
  },
  {
    mode: "constant", pad: [1, -2, -1, 2],
    y: [[-1, 4, 5], [-1, 8, 9], [-1, -1, -1], [-1, -1, -1]],
    grad: [[0, 0, 0, 0], [1, 2, 0, 0], [4, 5, 0, 0]],
  },
];

describe("pad", () => {
  for (const c of CASES) {
    it(`${c.mode} ${JSON.stringify(c.pad)}: values and gradient match PyTorch`, () => {
      const x = torch.arange(12, { dtype: "float64" }).reshape(1, 1, 3, 4).requiresGrad_();
      const y = torch.pad(x, c.pad, { mode: c.mode, value: c.mode === "constant" ? -1 : undefined });
      expect(y.tolist()).toEqual([[c.y]]);
      const w = torch.arange(y.numel(), { dtype: "float64" }).reshape(y.shape);
      const [g] = torch.autograd.grad(y.mul(w).sum(), x);
      expect(g!.tolist()).toEqual([[c.grad]]);
    });
  }

  it("constant mode pads any number of trailing dims, with a value, on any dtype", () => {
    const x = torch.arange(6).reshape(2, 3);
    // PyTorch: the fill value is converted to the tensor's dtype (2.5 -> 2 for int64)
    expect(torch.pad(x, [1, 1], { value: 2.5 }).tolist()).toEqual([[2, 0, 1, 2, 2], [2, 3, 4, 5, 2]]);
    expect(torch.pad(x, [0, 0, 1, 0]).tolist()).toEqual([[0, 0, 0], [0, 1, 2], [3, 4, 5]]);
    expect(torch.pad(torch.tensor([1, 2], { dtype: "float32" }), [1, 2]).toArray()).toEqual([0, 1, 2, 0, 0]);
    expect(torch.pad(torch.zeros([1, 2, 0]), [1, 1]).shape).toEqual([1, 2, 2]);
    expect(torch.pad(x, [-3, 0]).shape).toEqual([2, 0]);
  });

  it("other modes cover 1-3 trailing dims of batched or unbatched inputs", () => {
    // PyTorch: F.pad(arange(8.).reshape(1, 1, 2, 2, 2), (1, 0, 0, 1, 1, 0), mode="replicate")
    const x5 = torch.arange(8, { dtype: "float32" }).reshape(1, 1, 2, 2, 2);
    expect(torch.pad(x5, [1, 0, 0, 1, 1, 0], { mode: "replicate" }).reshape(3, 3, 3).tolist()).toEqual([
      [[0, 0, 1], [2, 2, 3], [2, 2, 3]],
      [[0, 0, 1], [2, 2, 3], [2, 2, 3]],
      [[4, 4, 5], [6, 6, 7], [6, 6, 7]],
    ]);
    // reflection with a cropped right side: PyTorch gives [[3, 2, 1, 0, 1, 2]]
    expect(torch.pad(torch.arange(4, { dtype: "float32" }).reshape(1, 4), [3, -1], { mode: "reflect" }).tolist()).toEqual([[3, 2, 1, 0, 1, 2]]);
    expect(torch.pad(torch.tensor([[0, 1, 2]], { dtype: "float32" }), [2, 3], { mode: "circular" }).tolist()).toEqual([[1, 2, 0, 1, 2, 0, 1, 2]]);
  });

  it("throws PyTorch's errors", () => {
    const x = torch.zeros([1, 2, 3]);
    expect(() => torch.pad(x, [1])).toThrow(/Padding length must be divisible by 2/);
    expect(() => torch.pad(x, [1, 1, 1, 1, 1, 1, 1, 1])).toThrow(/Padding length should be less than or equal to two times the input dimension but got padding length 8 and input of dimension 3/);
    expect(() => torch.pad(x, [-3, -1])).toThrow(/The input size 3, plus negative padding -3 and -1 resulted in a negative output size/);
    expect(() => torch.pad(x, [3, 1], { mode: "reflect" })).toThrow(/Padding size should be less than the corresponding input dimension, but got: padding \(3, 1\) at dimension 2 of input \[1, 2, 3\]/);
    expect(() => torch.pad(x, [4, 1], { mode: "circular" })).toThrow(/Padding value causes wrapping around more than once/);
    expect(() => torch.pad(x, [1, 1, 1, 1, 1, 1], { mode: "replicate" })).toThrow(/Only 2D, 3D, 4D, 5D padding with non-constant padding are supported/);
    expect(() => torch.pad(torch.zeros([3]), [1, 1], { mode: "reflect" })).toThrow(torch.ShapeError);
    expect(() => torch.pad(x, [1, 1], { mode: "reflect", value: 1 })).toThrow(/Padding mode "reflect" doesn't take in value argument/);
    expect(() => torch.pad(x, [1, 1], { mode: "edge" as PadMode })).toThrow(/Unrecognised padding mode edge/);
    expect(() => torch.pad(torch.zeros([1, 2, 0]), [1, 1], { mode: "replicate" })).toThrow(torch.ShapeError);
  });

  it("gradcheck in every mode, on a non-contiguous input, with cropping", () => {
    const pads: [PadMode, number[]][] = [
      ["constant", [2, -1, 1, 1]],
      ["reflect", [2, 1, -1, 1]],
      ["replicate", [3, 0, 1, 2]],
      ["circular", [2, -1, 1, 3]],
    ];
    for (const [mode, p] of pads) {
      const x = leaf([1, 4, 3]);
      expect(gradcheck((t: Tensor) => torch.pad(t.transpose(1, 2), p, { mode, value: mode === "constant" ? 0.5 : undefined }), [x]), mode).toBe(true);
      expect(gradgradcheck((t: Tensor) => torch.pad(t, p, { mode }).pow(2), [leaf([1, 3, 4])]), mode).toBe(true);
    }
  });
});
