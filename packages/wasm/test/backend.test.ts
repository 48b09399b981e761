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

  it("is ready at import in Node, with the SIMD128 kernels", async () => {
    expect(wasm.isReady()).toBe(true);
    await wasm.ready();
    expect(wasm.info()).toMatchObject({ ready: true, simd: "wasm-simd128", threads: 1 });
  });

  it("was built with no WASI imports: only the error channel into JavaScript", async () => {
    const { readFileSync } = await import("node:fs");
    const module = new WebAssembly.Module(readFileSync(new URL("../dist/taimatsu.wasm", import.meta.url)));
    expect(WebAssembly.Module.imports(module)).toEqual([{ module: "env", name: "tm_throw", kind: "function" }]);
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
    expect(() => wasm.setNumThreads(0)).toThrow(RangeError);
    wasm.setNumThreads(4);
    expect(wasm.getNumThreads()).toBe(1);
  });
});

function maxAbsDiff(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
}
