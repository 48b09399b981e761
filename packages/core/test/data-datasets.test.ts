import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { ConcatDataset, randomSplit, Subset, TensorDataset } from "../src/data/index.js";
import { Range } from "./range-dataset.js";

describe("TensorDataset", () => {
  it("indexes every tensor along dim 0", () => {
    const x = torch.arange(12).reshape(4, 3);
    const y = torch.tensor([0, 1, 0, 1]);
    const ds = new TensorDataset(x, y);
    expect(ds.length).toBe(4);
    const [xi, yi] = ds.get(2);
    expect(xi!.tolist()).toEqual([6, 7, 8]);
    expect(yi!.item()).toBe(0);
    expect(ds.get(-1)[0]!.tolist()).toEqual([9, 10, 11]);
    expect(() => ds.get(4)).toThrow(/out of range/);
  });

  it("rejects tensors of different lengths", () => {
    expect(() => new TensorDataset(torch.zeros([3]), torch.zeros([4]))).toThrow(/Size mismatch/);
  });
});

describe("Subset and ConcatDataset", () => {
  it("Subset maps indices", () => {
    const s = new Subset(new Range(10), [7, 2, 5]);
    expect([...s]).toEqual([7, 2, 5]);
    expect(s.get(-1)).toBe(5);
  });

  it("ConcatDataset finds the right dataset", () => {
    const c = new ConcatDataset([new Range(3), new Range(0), new Range(2)]);
    expect(c.length).toBe(5);
    expect(c.cumulativeSizes).toEqual([3, 3, 5]);
    expect([...c]).toEqual([0, 1, 2, 0, 1]);
    expect(c.get(-2)).toBe(0);
  });
});

describe("randomSplit", () => {
  it("splits into disjoint subsets of the given sizes, reproducibly", () => {
    const ds = new Range(10);
    const [a, b] = randomSplit(ds, [7, 3], { generator: new torch.Generator(1) });
    expect(a!.length).toBe(7);
    expect(b!.length).toBe(3);
    expect(new Set([...a!, ...b!]).size).toBe(10);
    const [a2] = randomSplit(ds, [7, 3], { generator: new torch.Generator(1) });
    expect([...a2!]).toEqual([...a!]);
  });

  it("accepts fractions and deals the remainder round robin", () => {
    const parts = randomSplit(new Range(10), [0.33, 0.33, 0.34]);
    expect(parts.map((p) => p.length)).toEqual([4, 3, 3]);
  });

  it("rejects lengths that do not add up", () => {
    expect(() => randomSplit(new Range(10), [3, 3])).toThrow(/Sum of input lengths/);
  });
});
