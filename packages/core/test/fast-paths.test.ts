import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";

/**
 * The shortcuts core takes to keep per-op overhead low must not be
 * observable: JS numbers passed to binary ops and `where` without becoming
 * tensors, gradients handed to `.grad` without a copy, reductions written
 * straight into their final shape, relu as its own node.
 */

const signs = (t: torch.Tensor) => t.toArray().map((v) => (Object.is(v, -0) ? "-0" : String(v)));

describe("JS numbers as operands", () => {
  it("give the values a 0-dim tensor gives, including -0 next to a cached 0", () => {
    const x = torch.tensor([1, -2, 0.5]);
    expect(signs(x.mul(0))).toEqual(["0", "-0", "0"]);
    expect(signs(x.mul(-0))).toEqual(["-0", "0", "-0"]);
    expect(signs(x.mul(0))).toEqual(["0", "-0", "0"]);
    expect(x.rsub(1).tolist()).toEqual([0, 3, 0.5]);
    expect(x.div(2).tolist()).toEqual([0.5, -1, 0.25]);
    expect(torch.tensor([1, 2, 3]).add(1.5).dtype).toBe("float32");
    expect(torch.tensor([true, false]).add(2).tolist()).toEqual([3, 2]);
  });

  it("stay exact past the bound of cached constants", () => {
    const x = torch.zeros([2], { dtype: "float64" });
    for (let i = 0; i < 200; i++) expect(x.add(i + 0.25).tolist()).toEqual([i + 0.25, i + 0.25]);
  });

  it("take the tensor's dtype as a 0-dim tensor would (fill conversion)", () => {
    expect(torch.tensor([10], { dtype: "int32" }).sub(2.9).toArray()[0]).toBeCloseTo(7.1, 5);
    expect(torch.tensor([200], { dtype: "uint8" }).add(100).tolist()).toEqual([44]);
    expect(torch.tensor([1.5, -1]).where(torch.tensor([true, false]), 7).tolist()).toEqual([1.5, 7]);
    expect(torch.where(torch.tensor([true, false]), 7, torch.tensor([1.5, -1])).tolist()).toEqual([7, -1]);
  });

  it("record PyTorch's gradients, which do not read the tensor", () => {
    const x = torch.tensor([1, 2, 3], { dtype: "float32", requiresGrad: true });
    const y = x.mul(3).add(1).sub(2).div(4).rsub(1);
    expect(y.gradFn?.name).toBe("SubBackward0");
    x.mul(5).sum().backward();
    expect(x.grad!.tolist()).toEqual([5, 5, 5]);
    // as in PyTorch, x * 2 saves only the number: writing into x afterwards is allowed
    const z = x.mul(2);
    torch.noGrad(() => x.add_(1));
    z.sum().backward();
    expect(x.grad!.tolist()).toEqual([7, 7, 7]);
  });
});

describe("relu", () => {
  it("is one node, keeps nan, and passes no gradient at 0", () => {
    const x = torch.tensor([-1, 0, 2, NaN], { requiresGrad: true });
    const y = x.relu();
    expect(y.gradFn?.name).toBe("ReluBackward0");
    expect(y.toArray()).toEqual([0, 0, 2, NaN]);
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual([0, 0, 1, 1]);
    expect(torch.tensor([-3, 4], { dtype: "int32" }).relu().tolist()).toEqual([0, 4]);
  });

  it("has a differentiable gradient (double backward)", () => {
    const x = torch.tensor([-1, 2], { dtype: "float64", requiresGrad: true });
    expect(torch.autograd.gradgradcheck((t: torch.Tensor) => t.relu().mul(t), [x])).toBe(true);
  });
});

describe("gradients taken over as .grad", () => {
  it("never alias between leaves or with the graph's own gradients", () => {
    const x = torch.ones([3], { requiresGrad: true });
    const w = torch.ones([3], { requiresGrad: true });
    // add hands the same gradient to both inputs; mul makes fresh ones
    const loss = () => x.add(w).mul(x.mul(2)).sum();
    loss().backward();
    expect(x.grad!.tolist()).toEqual([6, 6, 6]);
    expect(w.grad!.tolist()).toEqual([2, 2, 2]);
    expect(x.grad!.storage).not.toBe(w.grad!.storage);
    loss().backward();
    expect(x.grad!.tolist()).toEqual([12, 12, 12]);
    expect(w.grad!.tolist()).toEqual([4, 4, 4]);
  });

  it("are contiguous like a copy, and a gradient the user passes in is copied", () => {
    const w = torch.ones([2, 3], { requiresGrad: true });
    const x = torch.ones([4, 2]);
    x.matmul(w).sum().backward();
    expect(w.grad!.stride()).toEqual([3, 1]);
    const leaf = torch.zeros([2], { requiresGrad: true });
    const g = torch.tensor([1, 2]);
    leaf.backward(g);
    g.add_(10);
    expect(leaf.grad!.tolist()).toEqual([1, 2]);
  });

  it("go through leaf hooks, which may keep what they see", () => {
    const x = torch.ones([2], { requiresGrad: true });
    const seen: torch.Tensor[] = [];
    x.registerHook((g) => void seen.push(g));
    x.mul(3).sum().backward();
    x.mul(3).sum().backward();
    expect(seen[0]!.tolist()).toEqual([3, 3]);
    expect(x.grad!.tolist()).toEqual([6, 6]);
  });
});

describe("index checks", () => {
  it("read indices back once: a backward reusing them saves them, so an in-place change is an error", () => {
    const x = torch.tensor([[1, 2], [3, 4]], { dtype: "float32", requiresGrad: true });
    const index = torch.tensor([[1], [0]]);
    const y = x.gather(1, index);
    index.fill_(5);
    expect(() => y.sum().backward()).toThrow(/GatherBackward0.*inplace/);
    expect(() => x.gather(1, index)).toThrow(RangeError);
  });

  it("still reject out-of-range targets and embedding indices", () => {
    const logits = torch.zeros([2, 3], { requiresGrad: true });
    expect(() => torch.nn.functional.crossEntropy(logits, torch.tensor([0, 3]))).toThrow(RangeError);
    expect(() => torch.nn.functional.embedding(torch.tensor([4]), torch.zeros([4, 2]))).toThrow(RangeError);
    const [, indices] = torch.nn.functional.maxPool2d(torch.randn([1, 1, 4, 4]), 2, { returnIndices: true });
    expect(indices.toArray().every((i) => i >= 0 && i < 16)).toBe(true);
  });
});

describe("reductions without keepdim", () => {
  it("write the reduced shape directly", () => {
    const x = torch.arange(24, { dtype: "float32" }).reshape([2, 3, 4]);
    const s = x.sum([0, 2]);
    expect(s.shape).toEqual([3]);
    expect(s.isContiguous()).toBe(true);
    expect(s.tolist()).toEqual([60, 92, 124]);
    expect(x.sum(1, { keepdim: true }).shape).toEqual([2, 1, 4]);
  });
});

describe("in-place arithmetic with nothing recorded", () => {
  it("writes into self in one kernel, broadcasting other, as the out-of-place op computes", () => {
    const x = torch.arange(0, 6, 1, { dtype: "float32" }).reshape([2, 3]);
    const y = torch.tensor([10, 20, 30], { dtype: "float32" });
    const expected = x.add(y).tolist();
    const version = x.storage.version;
    const before = torch.memory().bytes;
    expect(x.add_(y)).toBe(x);
    expect(x.tolist()).toEqual(expected);
    expect(x.storage.version).toBe(version + 1);
    expect(torch.memory().bytes).toBe(before);
    expect(x.mul_(x).tolist()).toEqual((expected as number[][]).map((row) => row.map((v) => v * v)));
  });

  it("reads overlapping views as they were before the write", () => {
    const a = torch.arange(0, 6, 1, { dtype: "float32" });
    a.narrow(0, 1, 5).add_(a.narrow(0, 0, 5));
    expect(a.tolist()).toEqual([0, 1, 3, 5, 7, 9]);
  });

  it("keeps the general path's checks: dtypes that cannot hold the result, leaves that require grad", () => {
    expect(() => torch.tensor([4, 6], { dtype: "int32" }).div_(torch.tensor([2, 3], { dtype: "int32" }))).toThrow(/can't be cast/);
    expect(() => torch.ones([2], { requiresGrad: true }).add_(torch.ones([2]))).toThrow(/leaf Variable/);
    expect(() => torch.ones([2]).add_(torch.ones([3]))).toThrow();
  });
});
