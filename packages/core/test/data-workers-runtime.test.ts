import { afterEach, describe, expect, it, vi } from "vitest";
import type * as torch from "../src/index.js";
import "../src/index.js";
import { DataLoader } from "../src/data/index.js";
import { Squares } from "./fixtures/data/squares.mjs";
import { Range } from "./range-dataset.js";

// A runtime without Node's built-in modules, as a browser page is.
afterEach(() => vi.unstubAllGlobals());

describe("DataLoader workers where there are no worker threads", () => {
  it("iteration rejects at once, saying to use numWorkers: 0", async () => {
    vi.stubGlobal("process", { ...process, getBuiltinModule: undefined });
    const loader = new DataLoader(new Squares(8), { batchSize: 2, numWorkers: 2 });
    const first = loader[Symbol.asyncIterator]().next();
    await expect(first).rejects.toThrow(/numWorkers > 0 runs its workers on Node\.js worker_threads.*Use numWorkers: 0/);
  });

  it("numWorkers: 0 still loads every batch there", async () => {
    vi.stubGlobal("process", { ...process, getBuiltinModule: undefined });
    const indices: unknown[] = [];
    for await (const batch of new DataLoader<number, torch.Tensor>(new Range(7), { batchSize: 3 })) indices.push(batch.tolist());
    expect(indices).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });
});
