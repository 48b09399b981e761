// Sizes and settings that would reach the addon as something it cannot handle
// (a byte count past the address space, an unknown mode string) raise a
// catchable error in TypeScript instead of aborting the process.
import { describe, expect, it } from "vitest";
import { torch } from "./helpers.js";
import { nativeAllocator } from "../src/allocator.js";
import { setConv, setGemm } from "../src/index.js";

const onNative = <T>(fn: () => T): T => torch.backends.withBackend("cpu-native", fn);

describe("cpu-native limits", () => {
  it("refuses byte counts that are not a safe integer or exceed the address space", () => {
    for (const n of [NaN, -1, 0.5, 2 ** 53, 2 ** 62, Infinity]) {
      expect(() => nativeAllocator.allocate("float32", n, 0)).toThrow(RangeError);
    }
    // 2^50 float64 elements: a safe count whose bytes no process can map
    expect(() => nativeAllocator.allocate("float64", 2 ** 50, 0)).toThrow(/cannot allocate/);
  });

  it("huge tensors raise instead of aborting", () => {
    expect(() => onNative(() => torch.empty([2 ** 31, 2 ** 31]))).toThrow(torch.ShapeError);
    expect(() => onNative(() => torch.empty([2 ** 25, 2 ** 25], { dtype: "float64" }))).toThrow(RangeError);
    expect(() => onNative(() => torch.zeros([1]).expand([2 ** 24, 2 ** 24]).contiguous())).toThrow(RangeError);
    expect(() => onNative(() => torch.zeros([2]).asStrided([2], [1], -1))).toThrow(torch.ShapeError);
    expect(() => onNative(() => torch.eye(-2))).toThrow(RangeError);
  });

  it("setGemm and setConv reject unknown modes", () => {
    expect(() => setGemm("fast" as "blas")).toThrow(/setGemm: expected one of "blas", "builtin", got "fast"/);
    expect(() => setConv("winograd" as "direct")).toThrow(TypeError);
    expect(["blas", "builtin"]).toContain(setGemm("blas"));
  });
});

describe("two backends of one device type", () => {
  it("copy_ from a cpu-native tensor into a reference tensor, and back, copies the values", () => {
    const ref = torch.backends.withBackend("reference", () => torch.zeros([2, 3]));
    const nat = onNative(() => torch.arange(6, { dtype: "float32" }).reshape([2, 3]));
    ref.copy_(nat);
    expect(ref.storage.backend.name).toBe("reference");
    expect(ref.tolist()).toEqual([[0, 1, 2], [3, 4, 5]]);
    nat.copy_(torch.backends.withBackend("reference", () => torch.ones([3])));
    expect(nat.tolist()).toEqual([[1, 1, 1], [1, 1, 1]]);
    // arithmetic across backends names both, as across devices
    expect(() => ref.add_(nat)).toThrow(torch.DeviceError);
  });

  it("the copy's gradient goes back to the source's backend", () => {
    const src = onNative(() => torch.ones([3], { requiresGrad: true }));
    const dst = torch.backends.withBackend("reference", () => torch.zeros([3]));
    dst.copy_(src);
    dst.mul(torch.backends.withBackend("reference", () => torch.tensor([1, 2, 3], { dtype: "float32" }))).sum().backward();
    expect(src.grad!.storage.backend.name).toBe("cpu-native");
    expect(src.grad!.tolist()).toEqual([1, 2, 3]);
  });
});
