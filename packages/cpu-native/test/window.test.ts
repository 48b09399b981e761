import { describe, it } from "vitest";
import { ALL_DTYPES, agree, make, torch, type DType, type Layout } from "./helpers.js";

type Win = torch.backends.Window2d;

const isHalf = (d: DType) => d === "float16" || d === "bfloat16";

function outSize(size: number, k: number, s: number, p: number, d: number): number {
  return Math.max(0, Math.floor((size + 2 * p - d * (k - 1) - 1) / s) + 1);
}

const WINDOWS: Win[] = [
  { kernel: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1] },
  { kernel: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1] },
  { kernel: [3, 2], stride: [2, 1], padding: [2, 0], dilation: [2, 3] },
  { kernel: [5, 5], stride: [3, 2], padding: [4, 3], dilation: [1, 1] },
  { kernel: [1, 1], stride: [1, 1], padding: [0, 0], dilation: [1, 1] },
];

/** Runs a primitive directly on the active backend: core has no op for im2col on its own. */
function unfold(input: torch.Tensor, w: Win, pad: number): torch.Tensor {
  const [N, C, H, W] = input.shape as number[];
  const oh = outSize(H!, w.kernel[0], w.stride[0], w.padding[0], w.dilation[0]);
  const ow = outSize(W!, w.kernel[1], w.stride[1], w.padding[1], w.dilation[1]);
  const out = torch.empty([N!, C!, ...w.kernel, oh, ow], { dtype: input.dtype });
  input.storage.backend.primitives.unfold2d(out.kernelView, input.kernelView, w, pad);
  return out;
}

function fold(cols: torch.Tensor, w: Win, H: number, W: number, outLayout: Layout): torch.Tensor {
  const [N, C] = cols.shape as number[];
  const out = outLayout === "transposed" ? torch.empty([W, H, C!, N!], { dtype: cols.dtype }).permute(3, 2, 1, 0) : torch.empty([N!, C!, H, W], { dtype: cols.dtype });
  cols.storage.backend.primitives.fold2d(out.kernelView, cols.kernelView, w);
  return out;
}

describe("unfold2d / fold2d", () => {
  it("unfold2d over windows, dtypes and input layouts", () => {
    for (const w of WINDOWS)
      for (const dtype of ALL_DTYPES)
        for (const layout of ["contiguous", "transposed", "strided", "offset"] as Layout[])
          // the reference stores padValue uncoerced, so only values every dtype holds as-is are compared
          for (const pad of dtype === "float32" || dtype === "float64" ? [0, -Infinity] : dtype === "bool" ? [0, 1] : isHalf(dtype) ? [0] : [0, 7])
            agree(`unfold ${JSON.stringify(w)} ${dtype} ${layout} pad=${pad}`, () => unfold(make({ shape: [2, 3, 7, 6], dtype, layout, seed: 81 }), w, pad));
  });

  it("fold2d accumulates overlapping windows", () => {
    for (const w of WINDOWS)
      // (the reference adds float16 bit patterns as integers here, so halves are left out)
      for (const dtype of ["float32", "float64", "int32", "int64"] as DType[])
        for (const layout of ["contiguous", "transposed"] as Layout[]) {
          const [H, W] = [7, 6];
          const oh = outSize(H, w.kernel[0], w.stride[0], w.padding[0], w.dilation[0]);
          const ow = outSize(W, w.kernel[1], w.stride[1], w.padding[1], w.dilation[1]);
          agree(`fold ${JSON.stringify(w)} ${dtype} ${layout}`, () => fold(make({ shape: [2, 3, ...w.kernel, oh, ow], dtype, layout, seed: 82, special: false }), w, H, W, layout));
        }
  });

  it("fold2d is the adjoint of unfold2d", () => {
    const w = WINDOWS[0]!;
    agree("fold(unfold(x))", () => fold(unfold(make({ shape: [1, 2, 5, 5], dtype: "float64", seed: 83 }), w, 0), w, 5, 5, "contiguous"));
  });
});
