/**
 * DataLoader worker threads. Workers run compiled code, so these tests need
 * `dist/` (pnpm build); the datasets they load live in fixtures/data/*.mjs.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type * as torch from "../src/index.js";
import "../src/index.js"; // registers the reference backend (type-only imports are dropped)
import { DataLoader, DataLoaderWorkerError, importable } from "../src/data/index.js";
import { Squares, Strided, tagWorker, failingInit, sumIndices } from "./fixtures/data/squares.mjs";
import { Range } from "./range-dataset.js";

const fixtureUrl = new URL("./fixtures/data/squares.mjs", import.meta.url).href;
type Batch = [torch.Tensor, torch.Tensor, torch.Tensor, string[]];

async function collect<B>(loader: AsyncIterable<B>): Promise<B[]> {
  const out: B[] = [];
  for await (const b of loader) out.push(b);
  return out;
}

describe("DataLoader with worker threads", () => {
  it("delivers batches in order, round robin over the workers, as transferred tensors", async () => {
    const loader = new DataLoader<unknown, Batch>(new Squares(22), { batchSize: 4, numWorkers: 2 });
    const batches = await collect(loader);
    expect(batches).toHaveLength(6);
    expect(batches.flatMap(([, i]) => i.toArray())).toEqual([...Array(22).keys()]);
    expect(batches.map(([, , w]) => w.toArray()[0])).toEqual([0, 1, 0, 1, 0, 1]);
    const [x] = batches[5]!;
    expect(x.dtype).toBe("float32");
    expect(x.shape).toEqual([2, 3]);
    expect(x.toArray().slice(0, 2)).toEqual([20, 400]);
  });

  it("is reproducible for a seed and worker count, augmentations included", async () => {
    const run = (seed: number, numWorkers: number) =>
      collect(new DataLoader<unknown, Batch>(new Squares(16), { batchSize: 4, numWorkers, shuffle: true, seed })).then((bs) =>
        bs.map(([x, i]) => [i.toArray(), x.toArray()]),
      );
    const a = await run(5, 2);
    expect(await run(5, 2)).toEqual(a);
    expect(await run(6, 2)).not.toEqual(a);
    // the shuffle itself does not depend on the number of workers
    const order = (await run(5, 3)).flatMap(([i]) => i);
    expect(order).toEqual(a.flatMap(([i]) => i));
    const inProcess = [...new DataLoader(new Range(16), { batchSize: 4, shuffle: true, seed: 5 })].flatMap((b) => b.toArray());
    expect(order).toEqual(inProcess);
  });

  it("runs an importable workerInitFn and collateFn in each worker", async () => {
    const loader = new DataLoader<unknown, Batch>(new Squares(8), {
      batchSize: 2,
      numWorkers: 2,
      workerInitFn: importable(tagWorker, fixtureUrl),
    });
    const tags = (await collect(loader)).map(([, , , t]) => t[0]);
    expect(tags).toEqual(["init-0", "init-1", "init-0", "init-1"]);
    const sums = await collect(new DataLoader(new Squares(6), { batchSize: 3, numWorkers: 2, collateFn: importable(sumIndices, fixtureUrl) }));
    expect(sums).toEqual([3, 12]);
  });

  it("serves batchSize null and iterable datasets", async () => {
    const single = await collect(new DataLoader(new Squares(3), { batchSize: null, numWorkers: 2 }));
    expect(single.map((s) => (s as unknown[])[1])).toEqual([0, 1, 2]);
    const stream = await collect(new DataLoader<number, torch.Tensor>(new Strided(10), { batchSize: 2, numWorkers: 2 }));
    expect(stream.map((b) => b.toArray())).toEqual([[0, 2], [1, 3], [4, 6], [5, 7], [8], [9]]);
  });

  it("keeps persistent workers across epochs until close()", async () => {
    const loader = new DataLoader<unknown, Batch>(new Squares(8), { batchSize: 2, numWorkers: 2, persistentWorkers: true });
    const e1 = await collect(loader);
    const pool = (loader as unknown as { pool: unknown }).pool;
    expect(pool).not.toBeNull();
    for await (const _ of loader) break;
    const e2 = await collect(loader);
    expect((loader as unknown as { pool: unknown }).pool).toBe(pool);
    expect(e2.flatMap(([, i]) => i.toArray())).toEqual(e1.flatMap(([, i]) => i.toArray()));
    await loader.close();
    expect((loader as unknown as { pool: unknown }).pool).toBeNull();
  });

  it("re-raises a dataset error with the worker, the sample index and the original stack", async () => {
    const loader = new DataLoader(new Squares(12, { failAt: 5 }), { batchSize: 2, numWorkers: 2 });
    const err = await collect(loader).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DataLoaderWorkerError);
    const e = err as DataLoaderWorkerError;
    expect(e.index).toBe(5);
    expect(e.workerId).toBe(0);
    expect(e.stage).toBe("dataset.get");
    expect(e.message).toMatch(/Caught RangeError in DataLoader worker 0 during dataset.get\(5\): cannot load sample 5/);
    expect(e.originalStack).toMatch(/squares\.mjs/);
  });

  it("fails instead of hanging when a worker dies", async () => {
    await expect(collect(new DataLoader(new Squares(12, { exitAt: 3 }), { batchSize: 2, numWorkers: 2 }))).rejects.toThrow(
      /DataLoader worker 1 exited unexpectedly with exit code 3/,
    );
    await expect(collect(new DataLoader(new Squares(12, { throwLaterAt: 2 }), { batchSize: 2, numWorkers: 2 }))).rejects.toThrow(
      /DataLoader worker 1 crashed: asynchronous failure/,
    );
    await expect(collect(new DataLoader(new Squares(4), { numWorkers: 1, workerInitFn: importable(failingInit, fixtureUrl) }))).rejects.toThrow(
      /during workerInitFn: init went wrong/,
    );
  });

  it("gives up after `timeout` milliseconds without a batch", async () => {
    await expect(collect(new DataLoader(new Squares(4, { delayMs: 2000 }), { batchSize: 2, numWorkers: 1, timeout: 100 }))).rejects.toThrow(
      /DataLoader timed out after 100 ms waiting for batch 0 from worker 0/,
    );
  });

  it("says how to make things rebuildable in a worker", async () => {
    await expect(collect(new DataLoader(new Range(4), { numWorkers: 1 }))).rejects.toThrow(/Range instance without workerSpec\(\)/);
    await expect(collect(new DataLoader(new Squares(4), { numWorkers: 1, workerInitFn: () => 1 }))).rejects.toThrow(/importable\(fn, import.meta.url\)/);
  });

  it("lets the process exit with no explicit cleanup", async () => {
    const script = fileURLToPath(new URL("./fixtures/data/exit-check.mjs", import.meta.url));
    const child = spawn(process.execPath, [script], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        resolve(null);
      }, 30_000);
      child.on("exit", (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(out).toContain("done 110");
    expect(code).toBe(0);
  });
});
