import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { ShapeError } from "../src/index.js";
import { expectError } from "./expect-error.js";

const F = torch.nn.functional;

describe("pooling arguments and empty inputs", () => {
  it("adaptive pooling of an input with an empty non-batch dim raises (PyTorch's message)", () => {
    for (const shape of [[1, 1, 0, 4], [1, 0, 4, 4], [1, 4, 0], [0, 4, 4]]) {
      expectError(() => F.adaptiveAvgPool2d(torch.zeros(shape), 2), ShapeError, /^adaptive_avg_pool2d\(\):/, /non-zero size for non-batch dimensions/);
      expectError(() => F.adaptiveMaxPool2d(torch.zeros(shape), 2), ShapeError, /^adaptive_max_pool2d\(\):/, /being empty/);
    }
    // an empty batch is fine, and so is an empty output size
    expect(F.adaptiveAvgPool2d(torch.zeros([0, 1, 4, 4]), 2).shape).toEqual([0, 1, 2, 2]);
    expect(F.adaptiveAvgPool2d(torch.zeros([1, 1, 4, 4]), 0).shape).toEqual([1, 1, 0, 0]);
  });

  it("pools reject negative padding and strides", () => {
    expectError(() => F.avgPool2d(torch.zeros([1, 1, 4, 4]), 2, { padding: -1 }), RangeError, /^avg_pool2d:/, /pad must be non-negative, but got pad: -1/);
    expectError(() => F.maxPool2d(torch.zeros([1, 1, 4, 4]), 2, { padding: [0, -1] }), RangeError, /^max_pool2d:/, /non-negative/);
    expectError(() => F.avgPool2d(torch.zeros([1, 1, 4, 4]), 2, { stride: -1 }), RangeError, /stride should be greater than zero/);
    expectError(() => F.conv2d(torch.zeros([1, 1, 4, 4]), torch.zeros([1, 1, 2, 2]), null, { padding: -1 }), RangeError, /negative padding/);
  });

  it("adaptive average pooling keeps a NaN inside the cells whose regions hold it", () => {
    const x = torch.arange(16, { dtype: "float32" }).reshape([1, 1, 4, 4]);
    x.index(0, 0, 0, 0).fill_(NaN);
    const out = F.adaptiveAvgPool2d(x, 2).tolist() as number[][][][];
    // regions are the 2x2 quadrants: means by hand
    expect(out[0]![0]![0]![0]).toBeNaN();
    expect(out[0]![0]).toEqual([[NaN, (2 + 3 + 6 + 7) / 4], [(8 + 9 + 12 + 13) / 4, (10 + 11 + 14 + 15) / 4]]);
    // overlapping regions (5 -> 3): cells 0 and 1 share row 1
    const y = torch.ones([1, 1, 5, 5]);
    y.index(0, 0, 4, 4).fill_(Infinity);
    const o = F.adaptiveAvgPool2d(y, 3).tolist() as number[][][][];
    expect(o[0]![0]![2]![2]).toBe(Infinity);
    for (const [i, j] of [[0, 0], [0, 2], [1, 1], [2, 1], [1, 2]] as const) expect(o[0]![0]![i]![j]).toBeCloseTo(1, 6);
  });
});
