import { describe, expect, it } from "vitest";
import { torch, type Tensor } from "./helpers.js";
import { nativeBuffer } from "../src/buffer.js";
import { cpuNativeBackend, emptyCache, getNumThreads, info, setGemm, setNumThreads } from "../src/index.js";
import { loadAddon } from "../src/native.js";
import { native } from "../src/native.js";

describe("backend registration", () => {
  it("serves cpu ahead of the reference backend", () => {
    expect(cpuNativeBackend.priority).toBeGreaterThan(0);
    expect(torch.backends.backendFor("cpu").name).toBe("cpu-native");
    expect(torch.zeros([2]).storage.backend.name).toBe("cpu-native");
    const entry = torch.backends.info().find((b) => b.name === "cpu-native")!;
    expect(entry.active).toBe(true);
    expect(entry.fused).toContain("conv2d");
  });

  it("reports the paths in use", () => {
    const i = info();
    expect(["blas", "builtin"]).toContain(i.gemm);
    expect(typeof i.openmp).toBe("boolean");
    expect(i.threads).toBe(getNumThreads());
    if (i.blas === null) expect(i.gemm).toBe("builtin");
    expect(setGemm("builtin")).toBe("builtin");
    expect(info().gemm).toBe("builtin");
    setGemm("blas");
  });

  it("names the build command when the addon is missing", () => {
    expect(() => loadAddon(["/nonexistent/taimatsu_cpu.node"])).toThrow(/npm rebuild @taimatsu\/cpu-native/);
  });
});

describe("threads", () => {
  it("setNumThreads changes the pool and results do not depend on it", () => {
    const before = getNumThreads();
    const x = torch.randn([600, 700]);
    const w = torch.randn([700, 300]);
    const run = () => [x.exp().sum(1).toArray(), x.matmul(w).toArray(), x.t().contiguous().add(1).sum(0).toArray()];
    setNumThreads(1);
    expect(getNumThreads()).toBe(1);
    const one = run();
    setNumThreads(3);
    const three = run();
    setNumThreads(before);
    for (let k = 0; k < one.length; k++)
      for (let i = 0; i < one[k]!.length; i++) expect(Math.abs(one[k]![i]! - three[k]![i]!)).toBeLessThanOrEqual(1e-3 * (1 + Math.abs(one[k]![i]!)));
    expect(() => setNumThreads(0)).toThrow(RangeError);
  });
});

describe("allocator", () => {
  const al = cpuNativeBackend.allocator;

  it("writes, reads (sync and async) and copies every dtype", async () => {
    const cases = [
      ["float32", Float32Array.from([1.5, -2, NaN])], ["float64", Float64Array.from([1e300, -0, 3])],
      ["int32", Int32Array.from([-5, 2 ** 31 - 1, 7])], ["int64", BigInt64Array.from([2n ** 62n, -3n, 0n])],
      ["uint8", Uint8Array.from([0, 255, 9])], ["bool", Uint8Array.from([1, 0, 1])], ["float16", Uint16Array.from([0x3c00, 0x8000, 0x7c00])],
    ] as const;
    for (const [dtype, data] of cases) {
      const b = al.allocate(dtype, 5, 0);
      al.write(b, dtype, data, 1, 0);
      expect(Array.from(al.readSync!(b, dtype, 1, 3, 0) as ArrayLike<unknown>)).toEqual(Array.from(data as ArrayLike<unknown>));
      expect(Array.from((await al.read(b, dtype, 2, 2, 0)) as ArrayLike<unknown>)).toEqual(Array.from(data as ArrayLike<unknown>).slice(1));
      const c = al.allocate(dtype, 3, 0);
      al.copy(c, 0, b, 1, 3, dtype, 0);
      expect(Array.from(al.readSync!(c, dtype, 0, 3, 0) as ArrayLike<unknown>)).toEqual(Array.from(data as ArrayLike<unknown>));
      al.free(b, 0);
      al.free(c, 0);
    }
  });

  it("normalises bool data to 0/1 and checks bounds", () => {
    const b = al.allocate("bool", 2, 0);
    al.write(b, "bool", Uint8Array.from([7, 0]), 0, 0);
    expect(Array.from(al.readSync!(b, "bool", 0, 2, 0) as Uint8Array)).toEqual([1, 0]);
    expect(() => al.write(b, "bool", Uint8Array.from([1, 1]), 1, 0)).toThrow(RangeError);
    expect(() => al.readSync!(b, "bool", 1, 2, 0)).toThrow(RangeError);
    al.free(b, 0);
  });

  it("frees exactly once and refuses freed memory", () => {
    const before = native.info().liveBytes as number;
    const u = torch.empty([4]);
    expect(native.info().liveBytes).toBe(before + 16);
    const view = u.kernelView;
    u.dispose();
    expect(native.info().liveBytes).toBe(before);
    expect(() => cpuNativeBackend.primitives.fill(view, 1)).toThrow(/freed/);
  });

  // V8's count of external memory (adjusting it by 0 returns the total)
  const v8External = () => native.adjustExternalMemory(0);

  it("reports native memory to V8 once per turn, not the swings inside one", async () => {
    const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
    const MiB = 1 << 20;
    await turn();
    const start = v8External();
    // 64 MiB allocated and freed within the turn: V8 never hears of it
    torch.scope(() => void torch.empty([16 * MiB]));
    const kept = torch.empty([16 * MiB]);
    expect(v8External()).toBeLessThan(start + MiB);
    // what is still alive at the end of the turn is reported
    await turn();
    // (within a MiB: other tensors freed meanwhile are reported in the same flush)
    expect(v8External()).toBeGreaterThan(start + 63 * MiB);
    kept.dispose();
    await turn();
    // the dispose itself allocates nothing, so the next allocation's turn reports the release
    torch.scope(() => void torch.empty([1]));
    await turn();
    expect(v8External()).toBeLessThan(start + MiB);
  });

  it("reports a large change within a turn at once", () => {
    const start = v8External();
    const big = torch.empty([80 << 20]); // 320 MiB, over the 256 MiB step
    expect(v8External()).toBeGreaterThan(start + (319 << 20));
    big.dispose();
    expect(v8External()).toBeLessThan(start + (1 << 20));
  });

  it("keeps freed blocks for the next allocation of their size, until emptyCache", () => {
    emptyCache();
    const bytes = 4 << 20;
    const t = torch.empty([bytes / 4]);
    expect(info().cachedBytes).toBe(0);
    const live = native.info().liveBytes as number;
    t.dispose();
    expect(info().cachedBytes).toBe(bytes);
    expect(native.info().liveBytes).toBe(live - bytes); // cached memory is not live
    const again = torch.empty([bytes / 4]);
    expect(info().cachedBytes).toBe(0);
    again.dispose();
    torch.empty([bytes / 8]).dispose(); // another size: a block of its own
    expect(info().cachedBytes).toBe(bytes + bytes / 2);
    expect(emptyCache()).toBe(bytes + bytes / 2);
    expect(info().cachedBytes).toBe(0);
  });

  it("reports its cached bytes in torch.memory() and frees them with torch.backends.emptyCache()", () => {
    torch.backends.emptyCache();
    const bytes = 4 << 20;
    const t = torch.empty([bytes / 4]);
    const before = torch.memory().backends["cpu-native"]!["cpu"]!;
    t.dispose();
    const after = torch.memory().backends["cpu-native"]!["cpu"]!;
    expect(after.cachedBytes).toBe(bytes);
    expect(before.allocatedBytes - after.allocatedBytes).toBe(bytes);
    torch.backends.emptyCache();
    expect(torch.memory().backends["cpu-native"]!["cpu"]!.cachedBytes).toBe(0);
  });

  // blocks of whole 2 MiB pages get pages of their own, huge-page aligned (Linux); others come from the heap
  it.runIf(process.platform === "linux")("maps whole 2 MiB pages for large blocks, and gives back what emptyCache frees", () => {
    emptyCache();
    const address = (t: Tensor) => nativeBuffer(t.storage.buffer).address;
    const huge = [1 << 19, 3 << 19, 9 << 17].map((n) => torch.arange(0, n, 1, { dtype: "float32" })); // 2, 6 and 4.5 MiB
    for (const t of huge.slice(0, 2)) expect(address(t) % (2 << 20)).toBe(0);
    // 4.5 MiB would round up to 6: too much waste, so it stays on the heap, any alignment
    for (const t of huge) expect(torch.scope(() => [t.min().item(), t.max().item(), t.select(0, 12345).item()])).toEqual([0, t.numel() - 1, 12345]);
    for (const t of huge) t.dispose();
    // (the reductions above may leave a scratch block of their own)
    const released = emptyCache();
    expect(released).toBeGreaterThanOrEqual(4 * ((1 << 19) + (3 << 19) + (9 << 17)));
    expect(released).toBeLessThan(4 * ((1 << 19) + (3 << 19) + (9 << 17)) + (1 << 16));
  });

  it("keeps memory flat over many short-lived tensors", () => {
    const start = native.info().liveBytes as number;
    for (let i = 0; i < 200; i++) torch.scope(() => torch.ones([256, 256]).mul(2).sum());
    expect(native.info().liveBytes).toBeLessThanOrEqual(start + 1024);
  });
});

describe("native-only semantics", () => {
  it("unfold2d pads halves and bools in their own dtype", () => {
    for (const dtype of ["float16", "bfloat16", "bool"] as const) {
      const x = torch.ones([1, 1, 2, 2], { dtype });
      const out = torch.empty([1, 1, 1, 1, 3, 3], { dtype });
      cpuNativeBackend.primitives.unfold2d(out.kernelView, x.kernelView, { kernel: [1, 1], stride: [1, 1], padding: [1, 1], dilation: [1, 1] }, dtype === "bool" ? 5 : -Infinity);
      const v = out.to("float32").toArray();
      expect(v[4]).toBe(1);
      expect(v[0]).toBe(dtype === "bool" ? 1 : -Infinity);
    }
  });

  it("integer overflow wraps exactly (int64 beyond 2^53)", () => {
    const big = torch.tensor(BigInt64Array.from([2n ** 62n + 1n]));
    expect((big.add(big).dataSync() as BigInt64Array)[0]).toBe(-(2n ** 63n) + 2n);
    expect((big.mul(torch.tensor(BigInt64Array.from([3n]))).dataSync() as BigInt64Array)[0]).toBe(BigInt.asIntN(64, (2n ** 62n + 1n) * 3n));
    expect((torch.tensor(Int32Array.from([2 ** 31 - 1])).add(1).dataSync() as Int32Array)[0]).toBe(-(2 ** 31));
  });
});
