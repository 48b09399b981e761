import { beforeAll, describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { DeviceError } from "../src/index.js";
import { registerQueuedBackend, type QueuedBackend } from "../src/testing/index.js";

/**
 * Core on a backend that behaves as a GPU does: no synchronous read, kernels
 * queued until a read or synchronize, errors of kernels reported later. Any
 * synchronous read-back inside core fails here with a DeviceError.
 */
const { nn, optim } = torch;
let queued: QueuedBackend;

beforeAll(() => {
  queued = registerQueuedBackend();
});

const values = async (t: torch.Tensor) => Array.from(await t.data(), Number);

describe("the queued backend", () => {
  it("queues kernels until a read, and reads asynchronously only", async () => {
    const a = torch.tensor([1, 2, 3], { dtype: "float32", device: "queued" });
    const ran = queued.operationsRun;
    const b = a.mul(a).add(1);
    expect(queued.pending).toBeGreaterThan(0);
    expect(queued.operationsRun).toBe(ran);
    expect(await values(b)).toEqual([2, 5, 10]);
    expect(queued.pending).toBe(0);
    expect(() => b.tolist()).toThrow(/^tolist: .*queued.*await t\.array\(\)/);
    expect(() => b.sum().item()).toThrow(DeviceError);
    expect(await b.sum().itemAsync()).toBe(17);
  });

  it("synchronize runs what is queued on every backend or on one device", async () => {
    const a = torch.ones([4], { device: "queued:1" }).add(2);
    expect(queued.pending).toBeGreaterThan(0);
    await torch.backends.synchronize("queued:1");
    expect(queued.pending).toBe(0);
    a.mul(2);
    await torch.backends.synchronize();
    expect(queued.pending).toBe(0);
    await expect(torch.backends.synchronize("queued:2")).rejects.toThrow(/invalid device ordinal/);
  });

  it("a kernel's error surfaces once, at the next synchronize or read, naming the op", async () => {
    const src = torch.arange(0, 4, 1, { dtype: "float32", device: "queued" });
    src.gather(0, torch.tensor([1, 7], { device: "queued" }));
    await expect(torch.backends.synchronize()).rejects.toThrow("gather: index 7 is out of bounds for dimension 0 with size 4");
    await torch.backends.synchronize(); // reported once
    const emb = torch.randn([3, 2], { device: "queued" });
    const picked = nn.functional.embedding(torch.tensor([0, 3], { device: "queued" }), emb);
    await expect(picked.data()).rejects.toThrow(/index 3 is out of bounds for dimension 0 with size 3/);
    expect(await values(src)).toEqual([0, 1, 2, 3]);
  });

  it("reports its bytes per device in torch.memory()", async () => {
    await torch.backends.synchronize();
    const before = torch.memory().backends["queued"]!["queued:1"]!.allocatedBytes;
    const t = torch.empty([256], { device: "queued:1" });
    expect(torch.memory().backends["queued"]!["queued:1"]!.allocatedBytes).toBe(before + 1024);
    expect(torch.memory().devices["queued:1"]!.bytes).toBeGreaterThanOrEqual(1024);
    t.dispose();
    await torch.backends.synchronize(); // frees are queued too
    expect(torch.memory().backends["queued"]!["queued:1"]!.allocatedBytes).toBe(before);
  });
});

describe("core never reads back synchronously on it", () => {
  it("oneHot with numClasses stays on the device; inferring the count says to pass it", async () => {
    const labels = torch.tensor([2, 0, 1], { device: "queued" });
    expect(await torch.oneHot(labels, 4).array()).toEqual([[0, 0, 1, 0], [1, 0, 0, 0], [0, 1, 0, 0]]);
    expect(() => torch.oneHot(labels)).toThrow(/^oneHot: .*pass numClasses/);
    torch.oneHot(torch.tensor([5], { device: "queued" }), 3);
    await expect(torch.backends.synchronize()).rejects.toThrow(/scatter: index 5 is out of bounds for dimension 1 with size 3/);
  });

  it("isclose works; allclose and equal, whose answer is a host boolean, name the async form", async () => {
    const a = torch.tensor([1, 2, 3], { dtype: "float32", device: "queued" });
    const b = a.add(torch.tensor([0, 1e-7, 1], { dtype: "float32", device: "queued" }));
    expect(await a.isclose(b).array()).toEqual([true, true, false]);
    expect(() => a.allclose(b)).toThrow(/^allclose: .*itemAsync/);
    expect(() => a.equal(b)).toThrow(/^equal: .*itemAsync/);
  });

  it("batch norm with momentum null keeps the cumulative average on the device, matching the CPU", async () => {
    const run = async (device: string) => {
      torch.manualSeed(3);
      const bn = new nn.BatchNorm2d(3, { momentum: null }).to(device);
      for (let i = 0; i < 3; i++) bn.call(torch.randn([4, 3, 2, 2]).mul(i + 1).add(i).to(device));
      return [await values(bn.runningMean!), await values(bn.runningVar!), await values(bn.numBatchesTracked!)];
    };
    const [onQueue, onCpu] = [await run("queued"), await run("cpu")];
    expect(onQueue[2]).toEqual([3]);
    for (let k = 0; k < 2; k++) onQueue[k]!.forEach((v, i) => expect(v).toBeCloseTo(onCpu[k]![i]!, 5));
  });

  it("clipGradNorm_ returns the total norm as a tensor and scales on the device", async () => {
    const p = torch.tensor([3, 4], { dtype: "float32", device: "queued", requiresGrad: true });
    p.mul(p).sum().backward(); // grad = [6, 8], norm 10
    const norm = nn.utils.clipGradNorm_([p], 5);
    expect(await norm.itemAsync()).toBeCloseTo(10, 5);
    const g = await values(p.grad!);
    expect(g[0]).toBeCloseTo(3, 4);
    expect(g[1]).toBeCloseTo(4, 4);
    expect(() => nn.utils.clipGradNorm_([p], 5, { errorIfNonfinite: true })).toThrow(/^clipGradNorm_: errorIfNonfinite .*itemAsync/);
  });

  it("ReduceLROnPlateau takes a metric tensor through stepAsync", async () => {
    const w = torch.zeros([1], { device: "queued", requiresGrad: true });
    const opt = new optim.SGD([w], { lr: 1 });
    const sched = new optim.lrScheduler.ReduceLROnPlateau(opt, { patience: 0, factor: 0.5 });
    const metric = torch.tensor(2, { dtype: "float32", device: "queued" });
    expect(() => sched.step(metric)).toThrow(/stepAsync/);
    await sched.stepAsync(metric);
    await sched.stepAsync(metric.add(1)); // worse: reduce
    expect(opt.paramGroups[0]!.lr).toBe(0.5);
    await sched.stepAsync(1);
    expect(opt.paramGroups[0]!.lr).toBe(0.5);
  });

  it("the backward of to() onto the device explains what to do; leaves made on the device are fine", async () => {
    const x = torch.ones([2], { requiresGrad: true });
    const y = x.to("queued").mul(2).sum();
    expect(() => y.backward()).toThrow(/^ToCopyBackward0: .*cannot be copied back to cpu.*Create the tensor that requires grad on queued:0/);
    const onDevice = torch.ones([2], { device: "queued", requiresGrad: true });
    const back = await onDevice.mul(3).toAsync("cpu");
    back.sum().backward();
    expect(await values(onDevice.grad!)).toEqual([3, 3]);
  });

  it("samplers draw their permutations on the CPU whatever the default device", async () => {
    torch.setDefaultDevice("queued");
    try {
      const loader = new torch.utils.data.DataLoader(new torch.utils.data.TensorDataset(torch.arange(0, 6, 1, { device: "cpu" })), { batchSize: 3, shuffle: true });
      const seen: number[] = [];
      for await (const [batch] of loader) seen.push(...(batch as torch.Tensor).tolist() as number[]);
      expect(seen.sort()).toEqual([0, 1, 2, 3, 4, 5]);
    } finally {
      torch.setDefaultDevice("cpu");
    }
  });
});
