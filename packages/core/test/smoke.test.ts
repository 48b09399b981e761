import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";

describe("smoke", () => {
  it("computes and differentiates", () => {
    const x = torch.tensor([[1, 2], [3, 4]], { dtype: "float32", requiresGrad: true });
    const y = x.mul(x).sum();
    y.backward();
    expect(y.item()).toBe(30);
    expect(x.grad!.tolist()).toEqual([[2, 4], [6, 8]]);
    const z = torch.tensor([1, 2, 3]).add(torch.tensor([[10], [20]]));
    expect(z.tolist()).toEqual([[11, 12, 13], [21, 22, 23]]);
    expect(z.dtype).toBe("int64");
    const t = torch.arange(6).reshape(2, 3).t();
    expect(t.isContiguous()).toBe(false);
    expect(t.contiguous().toArray()).toEqual([0, 3, 1, 4, 2, 5]);
    const m = torch.tensor([[1, 5, 2], [7, 0, 3]], { dtype: "float32" });
    const [v, i] = m.max(1);
    expect(v!.tolist()).toEqual([5, 7]);
    expect(i!.tolist()).toEqual([1, 0]);
    expect(String(torch.tensor([[1, 2], [3, 4.5]]))).toBe("tensor([[1.0000, 2.0000],\n        [3.0000, 4.5000]])");
  });
});

describe("smoke 2", () => {
  it("matmul and softmax grads", () => {
    const a = torch.tensor([[1, 2], [3, 4]], { dtype: "float64", requiresGrad: true });
    const b = torch.tensor([[5, 6], [7, 8]], { dtype: "float64", requiresGrad: true });
    const y = a.matmul(b).softmax(1).select(1, 0).sum();
    y.backward();
    expect(a.matmul(b).tolist()).toEqual([[19, 22], [43, 50]]);
    expect(a.grad!.shape).toEqual([2, 2]);
  });
});
