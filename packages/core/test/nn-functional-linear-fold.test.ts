import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { gradcheck, gradgradcheck } from "../src/autograd/gradcheck.js";
import * as F from "../src/nn/functional/index.js";
import { expectClose, seq } from "./nn-functional-helpers.js";

describe("linear", () => {
  it("matches PyTorch for batched and 1-D input", () => {
    const y = F.linear(seq([2, 2, 3]), seq([4, 3], 0.7), seq([4], 0.3));
    expect(y.shape).toEqual([2, 2, 4]);
    // F.linear(x, w, b)
    expectClose(y, [0.8974359, 0.1801282, -0.21628302, 1.6872133, 1.58885244, 1.06510477, -1.8012535, 2.40256909, 0.51556718, 1.09532149, -0.75847782, 1.31946989, -1.13034668, 0.23721735, 1.75385709, -0.35911097]);
    // F.linear(seq([3]), w)
    expectClose(F.linear(seq([3]), seq([2, 3], 0.7)), [0.8974359, -0.11539201]);
  });

  it("records one node whose gradients pass gradcheck and gradgradcheck", () => {
    const args = () => [seq([2, 2, 3], 0.37, 0, true), seq([4, 3], 0.7, 0, true), seq([4], 0.3, 0, true)];
    expect(F.linear(...(args() as [torch.Tensor, torch.Tensor, torch.Tensor])).gradFn?.name).toBe("LinearBackward0");
    expect(gradcheck(F.linear, args())).toBe(true);
    expect(gradgradcheck(F.linear, args())).toBe(true);
    expect(gradcheck(F.linear, [seq([3], 0.4, 0, true), seq([2, 3], 0.7, 0, true)])).toBe(true);
  });

  it("throws PyTorch's shape errors", () => {
    expect(() => F.linear(torch.zeros([2, 3]), torch.zeros([5, 4]))).toThrow("mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)");
    expect(() => F.linear(torch.zeros([2, 3]), torch.zeros([5, 3]), torch.zeros([4]))).toThrow("The expanded size of the tensor (5) must match the existing size (4) at non-singleton dimension 1.  Target sizes: [2, 5].  Tensor sizes: [4]");
  });
});

describe("bilinear", () => {
  it("matches PyTorch and passes gradcheck", () => {
    // F.bilinear(x1, x2, w, b)
    expectClose(F.bilinear(seq([2, 3]), seq([2, 4], 0.5), seq([2, 3, 4], 0.9), seq([2], 1.1)), [-0.1589184, 1.58571864, 0.77279428, -0.01732858]);
    expect(gradcheck(F.bilinear, [seq([2, 3], 0.37, 0, true), seq([2, 4], 0.5, 0, true), seq([2, 3, 4], 0.9, 0, true), seq([2], 1.1, 0, true)])).toBe(true);
    expect(() => F.bilinear(torch.zeros([2, 3]), torch.zeros([2, 4]), torch.zeros([5, 3, 3]))).toThrow("bilinear(): input2 size does not match weight size: got 4 but expected 3");
    expect(() => F.bilinear(torch.zeros([2, 3]), torch.zeros([3, 4]), torch.zeros([5, 3, 4]))).toThrow("bilinear(): input batch dimensions do not match at dim 0: got 2 and 3");
  });
});

describe("unfold / fold", () => {
  it("unfold matches PyTorch", () => {
    const u = F.unfold(seq([1, 2, 4, 5]), [2, 3], { dilation: [1, 2], padding: 1, stride: [2, 1] });
    expect(u.shape).toEqual([1, 12, 9]);
    // F.unfold(x, (2, 3), dilation=(1, 2), padding=1, stride=(2, 1))
    expectClose(u, [0.0, 0.0, 0.0, 0.0, 0.9612752, 0.79656547, 0.0, -0.66923986, -0.35525356, 0.0, 0.0, 0.0, 0.79656547, 0.52404434, 0.18059627, -0.35525356, 0.00681464, 0.36796051, 0.0, 0.0, 0.0, 0.18059627, -0.18729466, 0.0, 0.36796051, 0.67930465, 0.0, 0.0, 0.0, 0.36161543, 0.0, -0.52983614, -0.80066678, 0.0, 0.0, 0.0, 0.36161543, 0.67428791, 0.89569869, -0.80066678, -0.96313093, -0.99523983, 0.0, 0.0, 0.0, 0.89569869, 0.99588084, 0.0, -0.99523983, -0.89264768, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.17388949, -0.19398436, 0.0, 0.3742885, 0.68428985, 0.0, 0.0, 0.0, -0.19398436, -0.53560333, -0.80473091, 0.68428985, 0.90167577, 0.99702411, 0.0, 0.0, 0.0, -0.80473091, -0.96494193, 0.0, 0.99702411, 0.95742991, 0.0, 0.0, 0.8987081, 0.99647561, 0.0, -0.99455259, -0.88955522, 0.0, 0.0, 0.0, 0.99647561, 0.95937483, 0.79242717, -0.88955522, -0.66416072, -0.34887519, 0.0, 0.0, 0.0, 0.79242717, 0.51822821, 0.0, -0.34887519, 0.01362896, 0.0, 0.0, 0.0, 0.0]);
  });

  it("fold matches PyTorch (batched and unbatched)", () => {
    const f = F.fold(seq([2, 4, 6]), [3, 4], 2, { padding: [0, 1], stride: [1, 2] });
    expect(f.shape).toEqual([2, 1, 3, 4]);
    // F.fold(x, (3, 4), 2, padding=(0, 1), stride=(1, 2))
    expectClose(f, [0.79656547, 0.36161543, 0.52404434, 0.67428791, 0.18066585, 0.00064102, 0.14946851, 0.06862752, 0.99647561, -0.35525356, 0.95937483, 0.00681464, -0.99455259, 0.17388949, -0.88955522, -0.19398436, -0.18170056, 0.09694486, -0.18703609, 0.03208218, -0.80875766, 0.78825207, -0.96670812, 0.512388]);
    // F.fold(seq([4, 4]), 3, 2)
    expectClose(F.fold(seq([4, 4]), 3, 2), [0.0, 1.35749628, 0.9612752, 0.85488418, 0.54183856, -0.47119548, -0.52983614, -1.69331446, -0.66923986]);
  });

  it("are each other's adjoint: <unfold(x), y> = <x, fold(y)>, and pass gradcheck", () => {
    const x = seq([1, 2, 4, 5]);
    const y = seq([1, 12, 9], 0.53);
    const opts = { dilation: [1, 2] as [number, number], padding: 1, stride: [2, 1] as [number, number] };
    const lhs = F.unfold(x, [2, 3], opts).mul(y).sum().item();
    const rhs = x.mul(F.fold(y, [4, 5], [2, 3], opts)).sum().item();
    expect(Math.abs(lhs - rhs)).toBeLessThan(1e-12);
    expect(gradcheck((a) => F.unfold(a, [2, 3], opts), [seq([1, 2, 4, 5], 0.37, 0, true)])).toBe(true);
    expect(gradcheck((a) => F.fold(a, [4, 5], [2, 3], opts), [seq([1, 12, 9], 0.53, 0, true)])).toBe(true);
  });

  it("throws PyTorch's errors", () => {
    expect(() => F.fold(torch.zeros([1, 7, 9]), [4, 4], 2)).toThrow("Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=7 and kernel_size=(2, 2).");
    expect(() => F.fold(torch.zeros([1, 8, 8]), [4, 4], 2)).toThrow("Given output_size=(4, 4), kernel_size=(2, 2), dilation=(1, 1), padding=(0, 0), stride=(1, 1), expected size of input's dimension 2 to match the calculated number of sliding blocks 3 * 3 = 9, but got input.size(2)=8.");
    expect(() => F.fold(torch.zeros([1, 1, 8, 8]), [4, 4], 2)).toThrow("Expected 2D or 3D (batch mode) tensor with possibly 0 batch size and non-zero dimensions for input, but got: [1, 1, 8, 8]");
    expect(() => F.unfold(torch.zeros([1, 1, 2, 2]), 3)).toThrow("Given input with spatial size (2, 2), kernel_size=(3, 3), dilation=(1, 1), padding=(0, 0), calculated shape of the array of sliding blocks as (0, 0), but its components must be at least one.");
    expect(() => F.unfold(torch.zeros([1, 1, 4, 4]), 2, { stride: 0 })).toThrow("stride should be greater than zero, but got stride_height: 0 stride_width: 0");
  });
});
