import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { defaultCollate, defaultConvert } from "../src/data/index.js";

describe("defaultCollate", () => {
  it("stacks tensors along a new first dimension", () => {
    const b = defaultCollate([torch.tensor([1, 2], { dtype: "float32" }), torch.tensor([3, 4], { dtype: "float32" })]);
    expect(b.shape).toEqual([2, 2]);
    expect(b.dtype).toBe("float32");
    expect(b.tolist()).toEqual([[1, 2], [3, 4]]);
  });

  it("turns ints into int64, floats into float64, booleans into bool", () => {
    expect(defaultCollate([1, 2, 3]).dtype).toBe("int64");
    const f = defaultCollate([0.5, 1]);
    expect(f.dtype).toBe("float64");
    expect(f.tolist()).toEqual([0.5, 1]);
    expect(defaultCollate([true, false]).tolist()).toEqual([true, false]);
  });

  it("transposes tuples and collates plain objects by key", () => {
    const img = (v: number) => torch.full([1, 2], v, { dtype: "float32" });
    const [x, y] = defaultCollate([[img(1), 0], [img(2), 1], [img(3), 0]] as [torch.Tensor, number][]);
    expect(x.shape).toEqual([3, 1, 2]);
    expect(y.tolist()).toEqual([0, 1, 0]);
    const d = defaultCollate([{ a: 1, name: "x" }, { a: 2, name: "y" }]);
    expect(d.a.tolist()).toEqual([1, 2]);
    expect(d.name).toEqual(["x", "y"]);
  });

  it("stacks typed arrays as tensors of their dtype", () => {
    const t = defaultCollate([new Uint8Array([1, 2]), new Uint8Array([3, 4])]);
    expect(t.dtype).toBe("uint8");
    expect(t.shape).toEqual([2, 2]);
  });

  it("names the problem for uneven tensors and unsupported types", () => {
    expect(() => defaultCollate([torch.zeros([2]), torch.zeros([3])])).toThrow(/equal size.*\[2\] at entry 0 and \[3\] at entry 1/);
    expect(() => defaultCollate([[1, 2], [1]])).toThrow(/equal size/);
    class Photo {}
    expect(() => defaultCollate([new Photo()])).toThrow(/found a Photo/);
  });

  it("defaultConvert turns typed arrays into tensors and leaves the rest", () => {
    const [t, n] = defaultConvert([new Float32Array([1, 2]), 3]) as [torch.Tensor, number];
    expect(t.dtype).toBe("float32");
    expect(n).toBe(3);
  });
});
