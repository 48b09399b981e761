import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";

const { nn } = torch;

describe("pooling modules take the stride positionally, as PyTorch does", () => {
  it("MaxPool2d(3, 2) pools 3x3 windows every 2 pixels", () => {
    const x = torch.arange(25, { dtype: "float32" }).reshape(1, 1, 5, 5);
    // windows start at rows/cols 0 and 2; the max of each 3x3 window is its bottom-right element
    expect(new nn.MaxPool2d(3, 2).call(x).tolist()).toEqual([[[[12, 14], [22, 24]]]]);
    expect(new nn.MaxPool2d(3, { stride: 2 }).call(x).tolist()).toEqual([[[[12, 14], [22, 24]]]]);
    expect(new nn.MaxPool2d(3).call(x).shape).toEqual([1, 1, 1, 1]);
    expect(String(new nn.MaxPool2d(3, 2))).toBe("MaxPool2d(kernel_size=3, stride=2, padding=0, dilation=1, ceil_mode=False)");
  });

  it("AvgPool2d(2, 1) averages overlapping windows", () => {
    const x = torch.tensor([[[[1, 2, 3], [4, 5, 6]]]], { dtype: "float32" });
    expect(new nn.AvgPool2d(2, 1).call(x).tolist()).toEqual([[[[3, 4]]]]);
  });
});
