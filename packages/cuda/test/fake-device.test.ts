// The real addon over a stand-in libcuda (test/fake-driver/fake_cuda.c): device
// memory is host memory and launches are logged, not run. This covers what
// needs no GPU: registration, memory, copies, reads (sync and async), the
// caching allocator under core, the deferred-error flag, and that every
// launch names a kernel of the shipped PTX with parameters laid out as its
// entry declares them. Kernel arithmetic is checked on a GPU (scripts/device-check.sh).
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BINARY_CODE } from "@taimatsu/kernel-abi";
import type * as Torch from "@taimatsu/core";
import { buildFakeDriver } from "./fake-driver/build.js";
import { ptxSignature } from "./ptx-signature.js";
import { readView, VIEW_BYTES } from "../src/launch/params.js";
import { moduleOf } from "../src/runtime/modules.js";

const log = join(tmpdir(), `taimatsu-fake-cuda-launches-${process.pid}.log`);
let torch: typeof Torch;
let cuda: typeof import("../src/index.js");

beforeAll(async () => {
  process.env.TAIMATSU_CUDA_LIBRARY = buildFakeDriver();
  process.env.FAKE_CUDA_LAUNCH_LOG = log;
  process.env.FAKE_CUDA_DEVICES = "2";
  torch = await import("@taimatsu/core");
  cuda = await import("../src/index.js");
});
afterAll(() => rmSync(log, { force: true }));
beforeEach(() => rmSync(log, { force: true }));

interface Launch {
  kernel: string;
  grid: number;
  block: number;
  params: Uint8Array;
}

function launches(): Launch[] {
  let text = "";
  try {
    text = readFileSync(log, "utf8");
  } catch {
    return [];
  }
  return text.trim().split("\n").filter(Boolean).map((line) => {
    const [kernel, grid, block, size, hex] = line.split(" ");
    const params = Uint8Array.from((hex ?? "").match(/../g) ?? [], (h) => Number.parseInt(h, 16));
    expect(params.length).toBe(Number(size));
    return { kernel: kernel!, grid: Number(grid), block: Number(block), params };
  });
}

/** Every launch's parameter buffer has exactly the size of its PTX entry's parameters. */
function expectPtxLayouts(ls: Launch[]): void {
  for (const l of ls) expect(l.params.length, l.kernel).toBe(ptxSignature(moduleOf(l.kernel), l.kernel).size);
}

describe("the cuda backend over a stand-in driver", () => {
  it("registers with two devices and reports them", () => {
    expect(torch.backends.isAvailable("cuda")).toBe(true);
    expect(torch.backends.deviceCount("cuda")).toBe(2);
    const t = torch.zeros([2], { device: "cuda" });
    expect(t.device.toString()).toBe("cuda:0");
    expect(torch.zeros([2], { device: "cuda:1" }).device.index).toBe(1);
    expect(() => torch.zeros([2], { device: "cuda:2" })).toThrow("invalid device ordinal");
    expect(cuda.driverInfo()!.devices[0]).toMatchObject({ name: "Fake GPU 0", major: 12, minor: 0 });
  });

  it("round-trips every stored dtype bit for bit, synchronously and asynchronously", async () => {
    const cases: [Torch.DType, number[] | bigint[]][] = [
      ["float32", [0, -0, 1.5, Number.NaN, Number.POSITIVE_INFINITY, -3.4e38, 1e-45]],
      ["float64", [0, -0, Math.PI, Number.NaN, Number.NEGATIVE_INFINITY, 5e-324]],
      ["int32", [0, -1, 2147483647, -2147483648]],
      ["int64", [0n, -1n, 9007199254740993n, -9223372036854775808n]],
      ["uint8", [0, 1, 255, 128]],
      ["bool", [0, 1, 1, 0]],
    ];
    for (const [dtype, values] of cases) {
      const host = torch.tensor(values as number[], { dtype });
      const d = host.to("cuda");
      expect(d.dtype).toBe(dtype);
      const back = d.dataSync();
      const again = await d.data();
      const want = host.dataSync();
      expect(Array.from(back as ArrayLike<unknown>), dtype).toEqual(Array.from(want as ArrayLike<unknown>));
      expect(Array.from(again as ArrayLike<unknown>), dtype).toEqual(Array.from(want as ArrayLike<unknown>));
      if (dtype === "float32" || dtype === "float64") expect(Object.is((back as Float32Array)[1], -0)).toBe(true);
    }
  });

  it("copies between buffers at offsets (contiguous, clone, slices)", () => {
    const x = torch.arange(10, { dtype: "float32" }).to("cuda");
    const y = x.slice(0, 3, 7).clone(); // a copy kernel: contiguous slices copy on the device
    expect(Array.from(y.to("cpu").dataSync() as Float32Array).length).toBe(4);
  });

  it("launches kernels of the shipped PTX, with parameters laid out as each entry declares", () => {
    const a = torch.ones([2, 3], { device: "cuda" });
    const b = torch.ones([3, 2], { device: "cuda" }).t(); // transposed: strides (1, 2)
    a.add(b);
    const ls = launches();
    const add = ls.find((l) => l.kernel === "binary_f32")!;
    expect(add).toBeDefined();
    expectPtxLayouts(ls);
    const sig = ptxSignature("elementwise", "binary_f32");
    const p = add.params;
    expect(new DataView(p.buffer).getInt32(sig.params[0]!.offset, true)).toBe(BINARY_CODE.add);
    const out = readView(p, sig.params[1]!.offset);
    const va = readView(p, sig.params[2]!.offset);
    const vb = readView(p, sig.params[3]!.offset);
    expect(sig.params[1]!.bytes).toBe(VIEW_BYTES);
    // out and a are contiguous but b is transposed: no dims merge
    expect(out).toMatchObject({ shape: [2, 3], strides: [3, 1], offset: 0 });
    expect(va).toMatchObject({ shape: [2, 3], strides: [3, 1] });
    expect(vb).toMatchObject({ shape: [2, 3], strides: [1, 2] });
    expect(new DataView(p.buffer).getBigInt64(sig.params[4]!.offset, true)).toBe(6n);
    expect(add).toMatchObject({ grid: 1, block: 256 });
  });

  it("merges dims that every operand walks alike, and broadcasts through stride 0", () => {
    const a = torch.ones([4, 5, 6], { device: "cuda" });
    const row = torch.ones([6], { device: "cuda" });
    a.mul(row);
    const l = launches().find((x) => x.kernel === "binary_f32")!;
    const sig = ptxSignature("elementwise", "binary_f32");
    expect(readView(l.params, sig.params[1]!.offset)).toMatchObject({ shape: [20, 6], strides: [6, 1] });
    expect(readView(l.params, sig.params[3]!.offset)).toMatchObject({ shape: [20, 6], strides: [0, 1] });
  });

  it("runs the primitives' launch paths for every family without a layout mismatch", () => {
    const x = torch.ones([3, 4], { device: "cuda" });
    const i = torch.zeros([3, 2], { dtype: "int64", device: "cuda" });
    x.sum(1);
    x.argmax(1);
    x.cumsum(1);
    x.sort(1);
    x.gather(1, i);
    x.where(x.gt(0), 0);
    x.to("float64").matmul(x.t().to("float64"));
    x.int().matmul(x.t().int());
    torch.nn.functional.unfold(torch.ones([1, 2, 4, 4], { device: "cuda" }), [2, 2]);
    const ls = launches();
    const kernels = new Set(ls.map((l) => l.kernel));
    for (const k of ["reduce_f32", "argreduce_f32", "scan_f32", "sort_f32", "gather_f32_i64", "compare_f32", "where_f32", "cast_f32_f64", "matmul_i32", "unfold2d_f32"]) {
      expect(kernels, k).toContain(k);
    }
    expectPtxLayouts(ls);
  });

  it("counts its memory in torch.memory() and gives cached memory back on emptyCache", () => {
    const before = torch.memory().backends?.cuda?.["cuda:0"];
    const small = torch.zeros([1000], { device: "cuda" });
    const big = torch.zeros([3 * 2 ** 20], { device: "cuda" }); // 12 MiB: a segment of its own
    const during = torch.memory().backends!.cuda!["cuda:0"]!;
    expect(during.allocatedBytes - (before?.allocatedBytes ?? 0)).toBe(4096 + 12 * 2 ** 20); // 4000 bytes take a 4096-byte class
    big.dispose();
    small.dispose();
    const after = torch.memory().backends!.cuda!["cuda:0"]!;
    expect(after.allocatedBytes).toBe(during.allocatedBytes - 4096 - 12 * 2 ** 20);
    expect(after.cachedBytes).toBeGreaterThanOrEqual(12 * 2 ** 20);
    torch.backends.emptyCache();
    const live = torch.memory().backends!.cuda!["cuda:0"]!;
    expect(after.cachedBytes - live.cachedBytes).toBeGreaterThanOrEqual(12 * 2 ** 20);
  });

  it("an index error a kernel records surfaces once at the next synchronization, naming the op", async () => {
    const src = torch.ones([4], { device: "cuda" });
    const index = torch.tensor([7], { dtype: "int64" }).to("cuda");
    src.gather(0, index); // no read-back: the kernel checks
    // the stand-in runs no kernel: write what the gather kernel writes for index 7 of a dimension of size 4
    const dev = cuda.cudaBackend()!.device(0);
    const flag = dev.errorFlag("gather", 0);
    dev.driver.write(0, flag.slot, BigUint64Array.of(1n, BigInt(flag.tag - 1), 7n, 4n));
    await expect(torch.backends.synchronize("cuda")).rejects.toThrow(
      new RangeError("gather: index 7 is out of bounds for dimension 0 with size 4 (reported by cuda:0 at the first synchronization after the kernel ran)"),
    );
    await expect(torch.backends.synchronize("cuda")).resolves.toBeUndefined();
    expect(src.dataSync()).toHaveLength(4);
  });

  it("TF32 is off unless asked for", () => {
    expect(cuda.cudaBackend()!.info!()).toMatchObject({ allowTF32: false });
    cuda.setAllowTF32(true);
    expect(cuda.cudaBackend()!.info!()).toMatchObject({ allowTF32: true });
    cuda.setAllowTF32(false);
    expect(() => cuda.setAllowTF32("yes" as unknown as boolean)).toThrow(TypeError);
  });
});
