import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { BatchSampler, DataLoader, IterableDataset, SequentialSampler, TensorDataset } from "../src/data/index.js";
import { Range } from "./range-dataset.js";

class Stream extends IterableDataset<number> {
  constructor(readonly n: number) {
    super();
  }
  *[Symbol.iterator]() {
    for (let i = 0; i < this.n; i++) yield i;
  }
}

const flat = (batches: torch.Tensor[]) => batches.flatMap((b) => b.toArray());

describe("DataLoader in the calling thread", () => {
  it("batches in order, sync and async, with length", async () => {
    const loader = new DataLoader(new Range(10), { batchSize: 4 });
    expect(loader.length).toBe(3);
    const sync = [...loader];
    expect(sync.map((b) => b.tolist())).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    const got: number[][] = [];
    for await (const b of loader) got.push(b.toArray());
    expect(got).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
  });

  it("dropLast drops the short batch", () => {
    const loader = new DataLoader(new Range(10), { batchSize: 4, dropLast: true });
    expect(loader.length).toBe(2);
    expect([...loader]).toHaveLength(2);
  });

  it("shuffles reproducibly with a seed and differently each epoch", () => {
    const a = new DataLoader(new Range(20), { batchSize: 5, shuffle: true, seed: 7 });
    const e1 = flat([...a]);
    const e2 = flat([...a]);
    expect([...e1].sort((x, y) => x - y)).toEqual([...Array(20).keys()]);
    expect(e2).not.toEqual(e1);
    const b = new DataLoader(new Range(20), { batchSize: 5, shuffle: true, seed: 7 });
    expect(flat([...b])).toEqual(e1);
    expect(flat([...b])).toEqual(e2);
  });

  it("collates [input, label] pairs from a TensorDataset", () => {
    const x = torch.arange(0, 12, 1, { dtype: "float32" }).reshape(6, 2);
    const y = torch.tensor([0, 1, 2, 3, 4, 5]);
    const [inputs, labels] = [...new DataLoader(new TensorDataset(x, y), { batchSize: 4 })][0]!;
    expect(inputs!.shape).toEqual([4, 2]);
    expect(labels!.tolist()).toEqual([0, 1, 2, 3]);
  });

  it("takes a sampler, a batchSampler, a collateFn, and batchSize null", () => {
    const ds = new Range(6);
    const sampler = { length: 3, *[Symbol.iterator]() { yield* [5, 3, 1]; } };
    expect(flat([...new DataLoader(ds, { sampler, batchSize: 2 })])).toEqual([5, 3, 1]);
    const bs = new BatchSampler(new SequentialSampler(ds), 4);
    expect([...new DataLoader(ds, { batchSampler: bs })].map((b) => b.toArray())).toEqual([[0, 1, 2, 3], [4, 5]]);
    const sums = [...new DataLoader(ds, { batchSize: 3, collateFn: (b: number[]) => b.reduce((s, v) => s + v, 0) })];
    expect(sums).toEqual([3, 12]);
    const single = new DataLoader(ds, { batchSize: null });
    expect(single.length).toBe(6);
    expect([...single]).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("batches an iterable dataset", async () => {
    const loader = new DataLoader(new Stream(7), { batchSize: 3 });
    expect([...loader].map((b) => b.toArray())).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    const dropped = new DataLoader(new Stream(7), { batchSize: 3, dropLast: true });
    expect([...dropped]).toHaveLength(2);
    async function* gen() {
      yield 1;
      yield 2;
      yield 3;
    }
    const got: number[][] = [];
    for await (const b of new DataLoader({ [Symbol.asyncIterator]: gen }, { batchSize: 2 })) got.push(b.toArray());
    expect(got).toEqual([[1, 2], [3]]);
  });

  it("checks option combinations as PyTorch does", () => {
    const ds = new Range(4);
    expect(() => new DataLoader(ds, { sampler: new SequentialSampler(ds), shuffle: true })).toThrow(/mutually exclusive with shuffle/);
    expect(() => new DataLoader(ds, { batchSampler: [[0]], batchSize: 2 })).toThrow(/batchSampler option is mutually exclusive/);
    expect(() => new DataLoader(ds, { batchSize: null, dropLast: true })).toThrow(/mutually exclusive with dropLast/);
    expect(() => new DataLoader(ds, { numWorkers: -1 })).toThrow(/non-negative/);
    expect(() => new DataLoader(ds, { persistentWorkers: true })).toThrow(/needs numWorkers > 0/);
    expect(() => new DataLoader(ds, { prefetchFactor: 4 })).toThrow(/prefetchFactor/);
    expect(() => new DataLoader(new Stream(3), { shuffle: true })).toThrow(/IterableDataset/);
    expect(() => [...new DataLoader(ds, { numWorkers: 2 })]).toThrow(/for await/);
    expect(new DataLoader(ds, { pinMemory: true }).pinMemory).toBe(true);
  });
});
