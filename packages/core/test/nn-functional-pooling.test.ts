import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { gradcheck } from "../src/autograd/gradcheck.js";
import * as F from "../src/nn/functional/index.js";
import { expectClose, seq } from "./nn-functional-helpers.js";

describe("maxPool2d", () => {
  it("matches PyTorch values and flat indices with padding, dilation and stride", () => {
    const [y, i] = F.maxPool2d(seq([1, 2, 5, 6]), [3, 2], { stride: [2, 1], padding: 1, dilation: [1, 2], returnIndices: true });
    expect(y.shape).toEqual([1, 2, 3, 6]);
    expect(i.dtype).toBe("int64");
    // F.max_pool2d(x, (3, 2), stride=(2, 1), padding=1, dilation=(1, 2), return_indices=True)
    expectClose(y, [0.52404434, 0.79656547, 0.89569869, 0.99588084, 0.9612752, 0.99588084, 0.67930465, 0.8987081, 0.99647561, 0.95937483, 0.99647561, 0.95937483, 0.67930465, 0.8987081, 0.99647561, 0.95937483, 0.99647561, 0.95937483, 0.90167577, 0.99702411, 0.95742991, 0.99702411, 0.95742991, 0.78825207, 0.90167577, 0.99702411, 0.95742991, 0.99702411, 0.95742991, 0.78825207, 0.9975263, 0.95544053, 0.9975263, 0.95544053, 0.78404036, 0.50652401]);
    expect(i.toArray()).toEqual([7, 6, 3, 4, 5, 4, 19, 20, 21, 22, 21, 22, 19, 20, 21, 22, 21, 22, 7, 8, 9, 8, 9, 10, 7, 8, 9, 8, 9, 10, 25, 26, 25, 26, 27, 28]);
  });

  it("supports ceilMode on unbatched input, and defaults stride to kernelSize", () => {
    const [y, i] = F.maxPool2d(seq([2, 4, 5]), 2, { ceilMode: true, returnIndices: true });
    expect(y.shape).toEqual([2, 2, 3]);
    // F.max_pool2d(x, 2, ceil_mode=True, return_indices=True)
    expectClose(y, [0.9612752, 0.89569869, 0.99588084, -0.35525356, 0.36796051, 0.67930465, 0.99647561, 0.95937483, 0.51822821, 0.68428985, 0.99702411, 0.95742991]);
    expect(i.toArray()).toEqual([5, 3, 4, 16, 18, 19, 1, 2, 4, 16, 18, 19]);
    expect(F.maxPool2d(seq([1, 1, 4, 4]), 2).shape).toEqual([1, 1, 2, 2]);
  });

  it("propagates NaN and points an all -Infinity window at its first in-bounds element", () => {
    const x = torch.tensor([[[[-Infinity, -Infinity], [NaN, 1]]]]);
    const [y, i] = F.maxPool2d(x, 2, { stride: 1, padding: 1, returnIndices: true });
    // F.max_pool2d(x, 2, stride=1, padding=1, return_indices=True)
    expect(y.toArray()).toEqual([-Infinity, -Infinity, -Infinity, NaN, NaN, 1, NaN, NaN, 1]);
    expect(i.toArray()).toEqual([0, 0, 1, 2, 2, 3, 2, 2, 3]);
  });

  it("accumulates the gradient of overlapping windows and passes gradcheck", () => {
    const x = seq([1, 1, 4, 4], 0.37, 0, true);
    F.maxPool2d(x, 3, { stride: 1 }).mul(seq([1, 1, 2, 2], 1.1)).sum().backward();
    // x.grad after F.max_pool2d(x, 3, stride=1).mul(g).sum().backward()
    expectClose(x.grad!, [0, 0, 0, 0, 0.8084964, 0.73346167, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // distinct values keep the max away from ties, where finite differences are meaningless
    const z = seq([2, 2, 5, 5], 0.77, 0.3, true);
    expect(gradcheck((a) => F.maxPool2d(a, [3, 2], { stride: 2, padding: 1, dilation: [1, 2], ceilMode: true }), [z])).toBe(true);
    expect(F.maxPool2d(z, 2).gradFn?.name).toBe("MaxPool2DWithIndicesBackward0");
  });

  it("throws PyTorch's errors", () => {
    expect(() => F.maxPool2d(torch.zeros([1, 1, 5, 5]), 2, { padding: 2 })).toThrow("pad should be at most half of kernel size, but got pad=2 and kernel_size=2");
    expect(() => F.maxPool2d(torch.zeros([1, 1, 2, 2]), 3)).toThrow("Given input size: (1x2x2). Calculated output size: (1x0x0). Output size is too small");
    expect(() => F.maxPool2d(torch.zeros([2, 2]), 2)).toThrow("Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[2, 2]");
    expect(() => F.maxPool2d(torch.zeros([1, 1, 4, 4]), 2, { stride: 0 })).toThrow("stride should not be zero");
    expect(() => F.maxPool2d(torch.zeros([1, 1, 4, 4]), 2, { dilation: 0 })).toThrow("dilation should be greater than zero, but got dilationH: 0 dilationW: 0");
    expect(() => F.maxPool1d(torch.zeros([1, 1, 5]), 2, { padding: 2 })).toThrow("max_pool1d: pad should be at most half of kernel size, but got pad=2 and kernel_size=2");
  });
});

describe("maxPool1d", () => {
  it("matches PyTorch", () => {
    const [y, i] = F.maxPool1d(seq([2, 2, 7]), 3, { stride: 2, padding: 1, returnIndices: true });
    // F.max_pool1d(x, 3, stride=2, padding=1, return_indices=True)
    expectClose(y, [0.36161543, 0.89569869, 0.99588084, 0.9612752, 0.52404434, 0.18059627, -0.52983614, -0.96313093, -0.66923986, 0.00681464, 0.67930465, 0.8987081, 0.99647561, 0.95937483, 0.51822821, -0.19398436]);
    expect(i.toArray()).toEqual([1, 3, 4, 5, 0, 1, 3, 5, 1, 3, 5, 6, 0, 1, 3, 5]);
  });
});

describe("avgPool2d", () => {
  const x = seq([1, 2, 5, 6]);

  it("matches PyTorch with ceilMode, with and without countIncludePad, and with divisorOverride", () => {
    const y = F.avgPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true });
    expect(y.shape).toEqual([1, 2, 3, 4]);
    // F.avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True)
    expectClose(y, [0.18691392, 0.27210533, 0.14833968, 0.02676807, 0.04550047, 0.05941188, 0.02364458, -0.0002375, 0.19326476, 0.22431002, 0.04922238, -0.02875246, -0.03312691, 0.10594874, 0.2552347, 0.14777942, 0.00077811, 0.0360303, 0.06434112, 0.03463535, 0.03962841, 0.19510205, 0.28236682, 0.14161588]);
    // ... count_include_pad=False
    expectClose(F.avgPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }), [0.42055631, 0.408158, 0.22250952, 0.08030421, 0.0682507, 0.05941188, 0.02364458, -0.00047499, 0.43484571, 0.33646503, 0.07383357, -0.08625738, -0.07453555, 0.15892311, 0.38285204, 0.44333825, 0.00116717, 0.0360303, 0.06434112, 0.0692707, 0.08916392, 0.29265308, 0.42355023, 0.42484763]);
    // F.avg_pool2d(x, (2, 3), stride=(2, 2), padding=(1, 1), divisor_override=5)
    expectClose(F.avgPool2d(x, [2, 3], { stride: [2, 2], padding: [1, 1], divisorOverride: 5 }), [0.07232309, 0.38632041, 0.57057095, -0.12755219, -0.40795628, -0.50709527, 0.34787657, 0.40375803, 0.08860029, -0.37682156, -0.38051823, 0.00780845, 0.31049504, 0.26107228, -0.10224299, 0.07133114, 0.3511837, 0.50826028]);
  });

  it("divides integer images with truncation", () => {
    // hand-computed: windows {1,2,5,6} -> 14/4 = 3 and {3,4,7,8} -> 22/4 = 5
    const y = F.avgPool2d(torch.tensor([[[1, 2, 3, 4], [5, 6, 7, 8]]]), 2);
    expect(y.dtype).toBe("int64");
    expect(y.toArray()).toEqual([3, 5]);
  });

  it("gradients pass gradcheck", () => {
    const z = seq([1, 2, 5, 6], 0.37, 0, true);
    expect(gradcheck((a) => F.avgPool2d(a, 3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }), [z])).toBe(true);
    expect(gradcheck((a) => F.avgPool2d(a, [2, 3], { stride: 1, padding: [1, 0], divisorOverride: 4 }), [z])).toBe(true);
  });

  it("avgPool1d matches PyTorch and errors match", () => {
    // F.avg_pool1d(x, 3, stride=2, padding=1, count_include_pad=False, ceil_mode=True) on an unbatched (2, 7) input
    expectClose(F.avgPool1d(seq([2, 7]), 3, { stride: 2, padding: 1, countIncludePad: false, ceilMode: true }), [0.18080772, 0.64386734, 0.95095158, 0.87892034, 0.3523203, -0.17884485, -0.76454462, -0.97918538]);
    expect(() => F.avgPool2d(torch.zeros([1, 1, 4, 4]), 2, { divisorOverride: 0 })).toThrow("divisor must be not zero");
    expect(() => F.avgPool1d(torch.zeros([1, 1, 2]), 3)).toThrow("Given input size: (1x1x2). Calculated output size: (1x1x0). Output size is too small");
  });
});

describe("adaptive pooling", () => {
  it("adaptiveAvgPool2d matches PyTorch, with null keeping a size", () => {
    const y = F.adaptiveAvgPool2d(seq([1, 2, 5, 7]), [3, null]);
    expect(y.shape).toEqual([1, 2, 3, 7]);
    // F.adaptive_avg_pool2d(x, (3, None))
    expectClose(y, [0.26202217, 0.27110585, 0.24349662, 0.18293127, 0.09760703, -0.00092786, -0.09933718, 0.20929076, 0.15691041, 0.08329298, -0.00159776, -0.08627226, -0.15927021, -0.21071169, 0.09587235, -0.00278355, -0.10106271, -0.18566351, -0.24513562, -0.27142978, -0.26098719, 0.27073156, 0.2418124, 0.18016506, 0.09413322, -0.0046391, -0.10278355, -0.18701672, 0.15452147, 0.08029823, -0.004793, -0.08923552, -0.16160043, -0.21209348, -0.23388067, -0.00649444, -0.10449961, -0.18836125, -0.24672908, -0.27170328, -0.25990372, -0.21292741]);
    // F.adaptive_avg_pool2d(x, (2, 4)) on an unbatched (2, 5, 7) input
    expectClose(F.adaptiveAvgPool2d(seq([2, 5, 7]), [2, 4]), [-0.08260525, 0.04193208, 0.17925563, 0.22958044, -0.22928499, -0.17741092, -0.03893089, 0.0855298, 0.00392609, 0.12119806, 0.21642945, 0.22042122, -0.20391991, -0.11340208, 0.04641909, 0.15941094]);
    // F.adaptive_avg_pool1d(x, 3)
    expectClose(F.adaptiveAvgPool1d(seq([1, 2, 7]), 3), [0.34530111, 0.85528915, 0.91790717, 0.17244865, -0.50593253, -0.91967918]);
  });

  it("adaptiveMaxPool2d/1d match PyTorch values and indices", () => {
    const [y, i] = F.adaptiveMaxPool2d(seq([1, 2, 5, 7]), [3, 4], { returnIndices: true });
    // F.adaptive_max_pool2d(x, (3, 4), return_indices=True)
    expectClose(y, [0.52404434, 0.89569869, 0.99588084, 0.9612752, 0.99647561, 0.95937483, 0.67930465, 0.8987081, 0.99647561, 0.95937483, 0.51822821, 0.01362896, 0.68428985, 0.99702411, 0.99702411, 0.78825207, 0.95544053, 0.78404036, 0.90460157, 0.9975263, 0.95544053, 0.78404036, 0.16045201, 0.38689204]);
    expect(i.toArray()).toEqual([7, 3, 4, 5, 21, 22, 19, 20, 21, 22, 24, 34, 1, 3, 3, 5, 21, 22, 19, 20, 21, 22, 24, 34]);
    const [y1, i1] = F.adaptiveMaxPool1d(seq([2, 7]), 3, { returnIndices: true });
    // F.adaptive_max_pool1d(x, 3, return_indices=True)
    expectClose(y1, [0.67428791, 0.99588084, 0.99588084, 0.52404434, -0.18729466, -0.80066678]);
    expect(i1.toArray()).toEqual([2, 4, 4, 0, 2, 4]);
  });

  it("gradients pass gradcheck", () => {
    const z = seq([1, 2, 5, 7], 0.77, 0.3, true);
    expect(gradcheck((a) => F.adaptiveAvgPool2d(a, [3, 4]), [z])).toBe(true);
    expect(gradcheck((a) => F.adaptiveMaxPool2d(a, [3, 4]), [z])).toBe(true);
  });

  it("throws PyTorch's errors", () => {
    expect(() => F.adaptiveAvgPool2d(torch.zeros([2, 2]), 2)).toThrow("adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got [2, 2]");
    expect(() => F.adaptiveAvgPool2d(torch.zeros([1, 1, 4, 4]), -1)).toThrow("adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {-1, -1}");
  });
});
