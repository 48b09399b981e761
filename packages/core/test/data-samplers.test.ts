import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { BatchSampler, RandomSampler, SequentialSampler, SubsetRandomSampler } from "../src/data/index.js";

const sized = (n: number) => ({ length: n });

describe("samplers", () => {
  it("SequentialSampler yields 0..n-1", () => {
    expect([...new SequentialSampler(sized(4))]).toEqual([0, 1, 2, 3]);
  });

  it("RandomSampler is a permutation, reproducible with a generator, different each pass", () => {
    const g = new torch.Generator(3);
    const s = new RandomSampler(sized(20), { generator: g });
    const first = [...s];
    expect([...first].sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
    const second = [...s];
    expect(second).not.toEqual(first);
    expect([...new RandomSampler(sized(20), { generator: new torch.Generator(3) })]).toEqual(first);
  });

  it("RandomSampler follows the global seed when no generator is given", () => {
    torch.manualSeed(11);
    const a = [...new RandomSampler(sized(10))];
    torch.manualSeed(11);
    expect([...new RandomSampler(sized(10))]).toEqual(a);
  });

  it("RandomSampler with numSamples and replacement", () => {
    const s = new RandomSampler(sized(5), { numSamples: 12 });
    const out = [...s];
    expect(out).toHaveLength(12);
    expect(new Set(out.slice(0, 5)).size).toBe(5);
    const r = [...new RandomSampler(sized(3), { replacement: true, numSamples: 40 })];
    expect(r).toHaveLength(40);
    expect(r.every((i) => i >= 0 && i < 3)).toBe(true);
    expect(() => new RandomSampler(sized(3), { numSamples: 0 })).toThrow(/positive integer/);
  });

  it("SubsetRandomSampler permutes the given indices", () => {
    const out = [...new SubsetRandomSampler([10, 20, 30])];
    expect(out.sort()).toEqual([10, 20, 30]);
  });

  it("BatchSampler groups, keeping or dropping the short batch", () => {
    const seq = new SequentialSampler(sized(10));
    expect([...new BatchSampler(seq, 3)]).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]);
    expect(new BatchSampler(seq, 3).length).toBe(4);
    expect([...new BatchSampler(seq, 3, true)]).toHaveLength(3);
    expect(new BatchSampler(seq, 3, true).length).toBe(3);
    expect(() => new BatchSampler(seq, 0)).toThrow(/batchSize/);
  });
});
