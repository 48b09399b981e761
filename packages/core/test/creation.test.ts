import { afterEach, describe, expect, it } from "vitest";
import * as torch from "../src/index.js";

afterEach(() => torch.setDefaultDType("float32"));

describe("torch.tensor", () => {
  it("infers dtype as PyTorch does: bool, int64 for integers, the default float otherwise", () => {
    expect(torch.tensor([true, false]).dtype).toBe("bool");
    expect(torch.tensor([[1, 2], [3, 4]]).dtype).toBe("int64");
    expect(torch.tensor([1, 2.5]).dtype).toBe("float32");
    expect(torch.tensor([1n, 2n]).dtype).toBe("int64");
    expect(torch.tensor(3.5).shape).toEqual([]);
    expect(torch.tensor([]).shape).toEqual([0]);
    torch.setDefaultDType("float64");
    expect(torch.tensor([0.5]).dtype).toBe("float64");
  });

  it("typed arrays keep their type and can take a shape; the data is copied", () => {
    const data = Float64Array.of(1, 2, 3, 4, 5, 6);
    const t = torch.tensor(data, { shape: [2, 3] });
    data[0] = 100;
    expect([t.dtype, t.shape, t.tolist()]).toEqual(["float64", [2, 3], [[1, 2, 3], [4, 5, 6]]]);
    expect(torch.tensor(Int32Array.of(1, 2)).dtype).toBe("int32");
    expect(torch.tensor(Uint8Array.of(1, 2)).dtype).toBe("uint8");
    expect(torch.tensor([1, 2], { dtype: "float16" }).tolist()).toEqual([1, 2]);
  });

  it("rejects ragged nested arrays and mismatched shapes", () => {
    expect(() => torch.tensor([[1, 2], [3]])).toThrow(torch.ShapeError);
    expect(() => torch.tensor([[1], 2] as never)).toThrow(torch.ShapeError);
    expect(() => torch.tensor(Float32Array.of(1, 2, 3), { shape: [2, 2] })).toThrow(/\[2, 2\].*3 values/);
  });
});

describe("filled tensors", () => {
  it("zeros/ones/full/empty take the default float dtype; full infers from its value", () => {
    expect(torch.zeros([2, 3]).tolist()).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(torch.ones([2], { dtype: "int32" }).tolist()).toEqual([1, 1]);
    expect(torch.full([2], 7).dtype).toBe("int64");
    expect(torch.full([2], 0.5).dtype).toBe("float32");
    expect(torch.full([1], true).dtype).toBe("bool");
    expect(torch.empty([0, 4]).shape).toEqual([0, 4]);
    expect(torch.zeros([]).shape).toEqual([]);
  });

  it("the *Like functions keep shape, dtype and device unless told otherwise", () => {
    const x = torch.ones([2, 3], { dtype: "float64" });
    expect([torch.zerosLike(x).dtype, torch.onesLike(x).shape, torch.fullLike(x, 2).tolist()]).toEqual(["float64", [2, 3], [[2, 2, 2], [2, 2, 2]]]);
    expect(torch.zerosLike(x, { dtype: "int32" }).dtype).toBe("int32");
    expect(torch.emptyLike(x).shape).toEqual([2, 3]);
  });

  it("requiresGrad makes a leaf", () => {
    const w = torch.zeros([2], { requiresGrad: true });
    expect([w.requiresGrad, w.isLeaf, w.gradFn]).toEqual([true, true, null]);
  });
});

describe("ranges", () => {
  it("arange: int64 for integer arguments, float otherwise, ceil((end - start) / step) elements", () => {
    expect(torch.arange(5).tolist()).toEqual([0, 1, 2, 3, 4]);
    expect(torch.arange(5).dtype).toBe("int64");
    expect(torch.arange(1, 2.5, 0.5).tolist()).toEqual([1, 1.5, 2]);
    expect(torch.arange(0, 1, 0.1).shape).toEqual([10]);
    expect(torch.arange(5, 0, -2).tolist()).toEqual([5, 3, 1]);
    expect(torch.arange(3, 3).shape).toEqual([0]);
  });

  it("linspace hits both ends exactly; eye is n x m", () => {
    expect(torch.linspace(0, 1, 4).tolist()).toEqual([0, 0.3333333432674408, 0.6666666269302368, 1]);
    expect(torch.linspace(0.1, 0.9, 6).tolist()).toEqual([0.10000000149011612, 0.25999999046325684, 0.41999998688697815, 0.5799999833106995, 0.7400000095367432, 0.8999999761581421]);
    expect(torch.linspace(0, 1, 7, { dtype: "float64" }).toArray()[1]).toBe(1 / 6);
    expect(torch.linspace(2, 2, 1).tolist()).toEqual([2]);
    expect(torch.linspace(0, 1, 0).shape).toEqual([0]);
    expect(torch.eye(2, 3).tolist()).toEqual([[1, 0, 0], [0, 1, 0]]);
  });
});

describe("random tensors", () => {
  it("are reproducible from a seed, and a Generator is independent of the global one", () => {
    torch.manualSeed(42);
    const a = torch.rand([5]).tolist();
    torch.manualSeed(42);
    expect(torch.rand([5]).tolist()).toEqual(a);
    const g = new torch.Generator(7);
    const first = torch.randn([3], { generator: g }).tolist();
    torch.rand([10]);
    expect(torch.randn([3], { generator: new torch.Generator(7) }).tolist()).toEqual(first);
  });

  it("have the documented ranges and dtypes", () => {
    const u = torch.rand([1000]).toArray();
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    const r = torch.randint(-2, 3, [1000]);
    expect(r.dtype).toBe("int64");
    expect(new Set(r.toArray())).toEqual(new Set([-2, -1, 0, 1, 2]));
    expect(torch.randint(4, [3, 2]).shape).toEqual([3, 2]);
    expect([...torch.randperm(8).toArray()].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const n = torch.randn([4000], { generator: new torch.Generator(1) });
    expect(Math.abs(n.mean().item())).toBeLessThan(0.1);
    expect(Math.abs(n.std().item() - 1)).toBeLessThan(0.1);
  });

  it("setDefaultDType accepts only float32 and float64", () => {
    torch.setDefaultDType("float64");
    expect([torch.getDefaultDType(), torch.zeros([1]).dtype, torch.rand([1]).dtype]).toEqual(["float64", "float64", "float64"]);
    expect(() => torch.setDefaultDType("float16")).toThrow(TypeError);
  });
});
