import { describe, expect, it } from "vitest";
import * as torch from "@taimatsu/core";
// the built package: the module ships in dist/ beside its JS
import * as wasm from "../dist/index.js";
import { exports } from "../dist/module.js";

const ref = <T>(f: () => T) => torch.backends.withBackend("reference", f);

describe("wasm backend: registration and loading", () => {
  it("serves cpu above the reference backend, below cpu-native", () => {
    expect(wasm.wasmBackend.priority).toBeGreaterThan(0);
    expect(wasm.wasmBackend.priority).toBeLessThan(10);
    expect(torch.backends.backendFor("cpu").name).toBe("wasm");
    expect(torch.zeros([2]).storage.backend.name).toBe("wasm");
  });

  it("is ready at import in Node, with the SIMD128 kernels and the threaded module", async () => {
    expect(wasm.isReady()).toBe(true);
    await wasm.ready();
    expect(wasm.info()).toMatchObject({ ready: true, simd: "wasm-simd128", threaded: true });
  });

  it("was built with no WASI imports: only the error channel into JavaScript (and the shared memory, threaded)", async () => {
    const { readFileSync } = await import("node:fs");
    const single = new WebAssembly.Module(readFileSync(new URL("../dist/taimatsu.wasm", import.meta.url)));
    expect(WebAssembly.Module.imports(single)).toEqual([{ module: "env", name: "tm_throw", kind: "function" }]);
    const threaded = new WebAssembly.Module(readFileSync(new URL("../dist/taimatsu-threads.wasm", import.meta.url)));
    expect(WebAssembly.Module.imports(threaded)).toEqual([
      { module: "env", name: "memory", kind: "memory" },
      { module: "env", name: "tm_throw", kind: "function" },
    ]);
  });
});

describe("wasm backend: memory", () => {
  it("keeps earlier tensors readable after linear memory grows", () => {
    const a = torch.arange(0, 1000, 1, { dtype: "float32" });
    const before = exports().memory.buffer.byteLength;
    // 64 MiB more than the module holds now: memory must grow
    const big = torch.ones([Math.ceil(before / 4) + (16 << 20)]);
    expect(exports().memory.buffer.byteLength).toBeGreaterThan(before);
    expect(a.mul(2).tolist().slice(0, 3)).toEqual([0, 2, 4]);
    expect(a.sum().item()).toBe(499500);
    expect(big.sum().item()).toBe(big.numel());
    big.dispose();
  });

  it("counts tensors in torch.memory() and caches freed blocks by size class", () => {
    const m0 = torch.memory().devices["cpu"]?.bytes ?? 0;
    const live0 = wasm.info().liveBytes as number;
    const t = torch.empty([3000], { dtype: "float64" });
    expect((torch.memory().devices["cpu"]?.bytes ?? 0) - m0).toBe(24000);
    expect((wasm.info().liveBytes as number) - live0).toBe(24000);
    const address = (t.storage.buffer as { address: number }).address;
    t.dispose();
    expect(wasm.info().cachedBytes as number).toBeGreaterThanOrEqual(24000);
    // the same size class (24000 bytes round up to 24576) gets the same block back
    const u = torch.empty([6100], { dtype: "float32" });
    expect((u.storage.buffer as { address: number }).address).toBe(address);
    u.dispose();
    expect(wasm.emptyCache()).toBeGreaterThanOrEqual(24576);
    expect(wasm.info().cachedBytes).toBe(0);
  });

  it("reports its memory in torch.memory() and frees its cache with torch.backends.emptyCache()", () => {
    torch.backends.emptyCache();
    const bytes = 4 << 20;
    const t = torch.empty([bytes / 4]);
    const before = torch.memory().backends["wasm"]!["cpu"]!;
    t.dispose();
    const after = torch.memory().backends["wasm"]!["cpu"]!;
    expect(before.allocatedBytes - after.allocatedBytes).toBe(bytes);
    expect(after.cachedBytes).toBe(bytes); // 4 MiB is a class size of its own
    torch.backends.emptyCache();
    expect(torch.memory().backends["wasm"]!["cpu"]!.cachedBytes).toBe(0);
  });

  it("refuses tensors past wasm32's 4 GiB with a RangeError that says so", () => {
    expect(() => torch.empty([2 ** 30], { dtype: "float32" })).toThrow(RangeError);
    expect(() => torch.empty([2 ** 30], { dtype: "float32" })).toThrow(/limited to 4 GiB/);
    expect(() => torch.empty([2 ** 29, 3], { dtype: "float64" })).toThrow(/limited to 4 GiB/);
    for (const n of [NaN, -1, 0.5, 2 ** 53, Infinity]) expect(() => wasm.wasmBackend.allocator.allocate("float32", n, 0)).toThrow(RangeError);
    // and still works afterwards
    expect(torch.ones([3]).sum().item()).toBe(3);
  });
});

describe("wasm backend: errors", () => {
  it("range-checks indices in the kernels and stays usable afterwards", () => {
    const x = torch.tensor([1, 2, 3]);
    const sp = exports().__stack_pointer.value;
    expect(() => x.gather(0, torch.tensor([5]))).toThrow(RangeError);
    expect(exports().__stack_pointer.value).toBe(sp);
    for (let i = 0; i < 2000; i++) {
      // many errors in a row: each unwinds the module, whose C stack must not leak
      expect(() => x.gather(0, torch.tensor([5]))).toThrow(RangeError);
    }
    expect(() => x.gather(0, torch.tensor([-4]))).toThrow("gather(): index -4 is out of bounds for dimension 0 with size 3");
    expect(() => torch.zeros([3]).scatter(0, torch.tensor([3]), torch.ones([1]))).toThrow(RangeError);
    const logits = torch.randn([2, 4]);
    expect(() => torch.nn.functional.crossEntropy(logits, torch.tensor([1, 4]))).toThrow(RangeError);
    expect(() => torch.nn.functional.nllLoss(logits, torch.tensor([-2, 0]))).toThrow(RangeError);
    expect(x.gather(0, torch.tensor([2, 0])).tolist()).toEqual([3, 1]);
    // a deep kernel (convolution) still runs with a sound stack after the errors
    const img = torch.randn([2, 3, 9, 9]);
    const w = torch.randn([4, 3, 3, 3]);
    const got = torch.nn.functional.conv2d(img, w, null, { padding: 1 });
    const want = ref(() => torch.nn.functional.conv2d(torch.tensor(img.tolist()), torch.tensor(w.tolist()), null, { padding: 1 }));
    expect(maxAbsDiff(got.tolist().flat(3) as number[], want.tolist().flat(3) as number[])).toBeLessThan(1e-4);
  });

  it("switches the convolution path, with the same results, and rejects unknown modes", () => {
    const img = torch.randn([2, 3, 7, 7]);
    const w = torch.randn([5, 3, 3, 3]);
    expect(wasm.setConv("im2col")).toBe("im2col");
    const viaIm2col = torch.nn.functional.conv2d(img, w).flatten().tolist() as number[];
    expect(wasm.setConv("direct")).toBe("direct");
    const direct = torch.nn.functional.conv2d(img, w).flatten().tolist() as number[];
    expect(maxAbsDiff(direct, viaIm2col)).toBeLessThan(1e-4);
    expect(() => wasm.setConv("winograd" as "direct")).toThrow(/setConv: expected one of "direct", "im2col", got "winograd"/);
  });

  it("rejects bad thread counts like cpu-native", () => {
    for (const n of [0, -1, 1.5, NaN]) expect(() => wasm.setNumThreads(n)).toThrow(RangeError);
  });
});

describe("wasm backend: sizes past wasm32 and the error path's memory", () => {
  // im2col of a 129x129 kernel over a 256x256 image: 16641 x 65536 floats, 4.36 GB,
  // which a 32-bit size_t would wrap to 64 MiB (and the kernel would write past it)
  const img = () => torch.randn([2, 1, 256, 256]);
  const w = () => torch.randn([1, 1, 129, 129]);

  it("raises a RangeError, before allocating, for scratch space a 32-bit size cannot hold", async () => {
    await wasm.ready();
    expect(wasm.setConv("im2col")).toBe("im2col");
    try {
      for (const threads of [1, 2]) {
        // two threads: both images' chunks fail at once, on the worker and on the calling thread
        wasm.setNumThreads(threads);
        await wasm.ready();
        const x = img(), k = w();
        expect(() => torch.nn.functional.conv2d(x, k, null, { padding: 64 })).toThrow(RangeError);
        expect(() => torch.nn.functional.conv2d(x, k, null, { padding: 64 })).toThrow(
          "a kernel needs a temporary buffer of 1090584576 elements of 4 bytes, more than this platform can address (32-bit sizes)",
        );
      }
    } finally {
      wasm.setConv("direct");
      wasm.setNumThreads(2);
    }
    // and the module still computes
    const a = torch.randn([3, 1, 8, 8]), k = torch.randn([2, 1, 3, 3]);
    const want = ref(() => torch.nn.functional.conv2d(torch.tensor(a.tolist()), torch.tensor(k.tolist()), null, { padding: 1 }));
    expect(maxAbsDiff(torch.nn.functional.conv2d(a, k, null, { padding: 1 }).flatten().tolist() as number[], want.flatten().tolist() as number[])).toBeLessThan(1e-4);
  });

  it("releases what a failing kernel had allocated: repeated failures do not grow the module's heap", async () => {
    await wasm.ready();
    // crossEntropy fills 2 x 20000 doubles per call before it finds the bad target;
    // gather into a float16 output stages it in float32 first
    const logits = torch.randn([20000, 4]);
    const target = torch.randint(0, 4, [20000]);
    const bad = torch.cat([target.narrow(0, 0, 19999), torch.tensor([7])]);
    const src = torch.randn([50000]).to("float16");
    const index = torch.cat([torch.randint(0, 50000, [49999]), torch.tensor([50000])]);
    const fail = () => {
      expect(() => torch.nn.functional.crossEntropy(logits, bad)).toThrow("crossEntropy(): target 7 is out of bounds for dimension 1 with size 4");
      expect(() => src.gather(0, index)).toThrow(RangeError);
    };
    torch.scope(fail); // a first round, for the block cache's own first use
    const heap = wasm.info().heapBytes as number;
    const cached = wasm.info().cachedBytes as number;
    for (let i = 0; i < 30; i++) torch.scope(fail);
    expect(wasm.info().heapBytes).toBe(heap);
    expect(wasm.info().cachedBytes).toBe(cached);
  });
});

describe("wasm backend: worker threads", () => {
  it("sets the thread count, starts the workers, and they run chunks of kernels", async () => {
    wasm.setNumThreads(3);
    await wasm.ready();
    expect(wasm.getNumThreads()).toBe(3);
    expect(wasm.info()).toMatchObject({ threads: 3, workers: 2 });
    const before = wasm.info().workerChunks as number;
    const a = torch.randn([256, 300]), b = torch.randn([300, 200]);
    // the calling thread takes chunks too, and on a busy machine may take them all before a worker wakes
    let got = a.matmul(b);
    for (let i = 0; i < 50 && wasm.info().workerChunks === before; i++) got = a.matmul(b);
    expect(wasm.info().workerChunks as number).toBeGreaterThan(before);
    const want = ref(() => torch.tensor(a.tolist()).matmul(torch.tensor(b.tolist())));
    expect(maxAbsDiff(got.flatten().tolist() as number[], want.flatten().tolist() as number[])).toBeLessThan(1e-3);
    wasm.setNumThreads(2);
  });

  it("gives the results of one thread with several, for kernels that split their work", async () => {
    const x = torch.randn([16, 8, 24, 24]), k = torch.randn([12, 8, 3, 3]);
    const big = torch.randn([1 << 20]);
    const run = () => {
      const xr = x.detach().requiresGrad_(true), kr = k.detach().requiresGrad_(true);
      const y = torch.nn.functional.conv2d(xr, kr, null, { padding: 1 });
      y.square().sum().backward();
      return [y, xr.grad!, kr.grad!, big.sum(), big.softmax(0), torch.nn.functional.maxPool2d(x, 2)].map((t) => t.flatten().tolist() as number[]);
    };
    wasm.setNumThreads(1);
    const one = run();
    wasm.setNumThreads(4);
    await wasm.ready();
    const chunks = wasm.info().workerChunks as number;
    let four = run();
    for (let i = 0; i < 10 && wasm.info().workerChunks === chunks; i++) four = run(); // as above
    expect(wasm.info().workerChunks as number).toBeGreaterThan(chunks);
    wasm.setNumThreads(2);
    one.forEach((r, i) => {
      const scale = r.reduce((m, v) => Math.max(m, Math.abs(v)), 1);
      expect(maxAbsDiff(four[i]!, r) / scale, `result ${i}`).toBeLessThan(1e-5);
    });
  });
});

function maxAbsDiff(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
}
