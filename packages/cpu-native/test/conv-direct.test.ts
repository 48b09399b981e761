import { afterAll, describe, expect, it } from "vitest";
import { agree, CONV_TOL, make, torch, withGrads, type Tensor } from "./helpers.js";
import { info, setConv } from "../src/index.js";

const F = torch.nn.functional;

/**
 * Unit-stride float convolutions, and of strided ones the weight gradient
 * (more than 16 output channels) and the forward pass (a multiple of 16, at
 * least 32), run direct kernels over stacks of padded images, with wide
 * pixels or output channels (small images, strides) as the vector dimension; everything else (and everything under setConv("im2col"))
 * runs im2col + GEMM, which the reference checks in fused.test.ts. Here the
 * two paths must agree on shapes that exercise the direct kernels' edges:
 * stacks split across threads with a short last stack, channel counts that
 * are not whole register tiles (and both weight-gradient layouts: up to one
 * vector of output channels, and more), groups, dilation, asymmetric padding,
 * "valid" convolutions, strides, and strided inputs.
 */
type Case = [number[], number[], torch.nn.functional.Conv2dOptions];
const CASES: Case[] = [
  [[37, 16, 32, 32], [16, 16, 3, 3], { padding: 1 }],
  [[67, 64, 8, 8], [64, 64, 3, 3], { padding: 1 }],
  [[33, 32, 16, 16], [20, 32, 3, 3], { padding: 1 }],
  [[9, 6, 20, 17], [10, 3, 5, 3], { padding: [2, 1], dilation: [1, 2], groups: 2 }],
  [[40, 3, 32, 32], [16, 3, 3, 3], { padding: 1 }],
  [[1, 16, 32, 32], [13, 16, 3, 3], { padding: 1 }],
  [[64, 16, 12, 12], [16, 16, 3, 3], {}],
  [[5, 7, 9, 11], [3, 7, 2, 4], { padding: [0, 3] }],
  [[3, 8, 7, 7], [72, 8, 3, 3], { padding: 1 }],
  [[37, 16, 32, 32], [32, 16, 3, 3], { stride: 2, padding: 1 }],
  [[9, 32, 16, 16], [64, 32, 3, 3], { stride: 2, padding: 1 }],
  [[5, 6, 13, 11], [40, 3, 3, 2], { stride: [2, 3], padding: [1, 0], dilation: [2, 1], groups: 2 }],
  [[4, 8, 9, 9], [33, 8, 1, 1], { stride: 2 }],
  [[6, 8, 10, 10], [12, 8, 3, 3], { stride: 2, padding: 1 }],
  [[7, 5, 11, 9], [48, 5, 3, 3], { stride: 2, padding: 1 }],
  [[3, 4, 12, 12], [32, 4, 3, 3], { stride: [2, 1], padding: [2, 1], dilation: 2 }],
  [[5, 32, 6, 6], [48, 32, 3, 3], { padding: 1 }],
  [[3, 16, 8, 8], [80, 16, 3, 3], { padding: 1 }],
  [[2, 8, 9, 9], [80, 8, 3, 3], { stride: 2, padding: 1 }],
];

function convWithGrads(layout: "contiguous" | "transposed", [xs, ws, o]: Case): Tensor[] {
  const x = make({ shape: xs, dtype: "float32", seed: 1, layout, special: false });
  const w = make({ shape: ws, dtype: "float32", seed: 2, special: false });
  const b = make({ shape: [ws[0]!], dtype: "float32", seed: 3, special: false });
  return withGrads([x, w, b], (x, w, b) => F.conv2d(x!, w!, b!, o));
}

function data(ts: Tensor[]): Float32Array[] {
  return ts.map((t) => t.dataSync() as Float32Array);
}

describe("direct convolution", () => {
  afterAll(() => setConv("direct"));

  it("is the default, and setConv switches paths", () => {
    expect(info().conv).toBe("direct");
    expect(setConv("im2col")).toBe("im2col");
    expect(info().conv).toBe("im2col");
    expect(setConv("direct")).toBe("direct");
  });

  for (const c of CASES)
    for (const layout of ["contiguous", "transposed"] as const)
      it(`agrees with im2col + GEMM: ${JSON.stringify(c)} ${layout}`, () => {
        setConv("direct");
        const direct = data(convWithGrads(layout, c));
        setConv("im2col");
        const gemm = data(convWithGrads(layout, c));
        setConv("direct");
        direct.forEach((d, k) => {
          const g = gemm[k]!;
          let scale = 0;
          for (const v of g) scale = Math.max(scale, Math.abs(v));
          for (let i = 0; i < d.length; i++)
            if (Math.abs(d[i]! - g[i]!) > 1e-5 * scale + 1e-6) throw new Error(`output ${k} element ${i}: direct ${d[i]}, im2col ${g[i]}`);
        });
      });

  it("matches the reference on a stack split across threads", () => {
    agree("conv2d direct [6, 8, 10, 10]", () => convWithGrads("contiguous", [[6, 8, 10, 10], [5, 8, 3, 3], { padding: 1 }]), CONV_TOL);
  });

  it("transposed convolutions with unit stride take the same path", () => {
    agree("convTranspose2d stride 1", () => {
      const x = make({ shape: [3, 4, 7, 6], dtype: "float32", seed: 1, special: false });
      const w = make({ shape: [4, 5, 3, 3], dtype: "float32", seed: 2, special: false });
      const b = make({ shape: [5], dtype: "float32", seed: 3, special: false });
      return withGrads([x, w, b], (x, w, b) => F.convTranspose2d(x!, w!, b!, { padding: 1 }));
    }, CONV_TOL);
  });
});
