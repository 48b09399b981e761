import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { ShapeError, Tensor } from "../src/index.js";
import { expectError } from "./expect-error.js";

/**
 * Every strided view is checked before a kernel reads through it: sizes,
 * strides and offset are non-negative integers, and the lowest and highest
 * element the view reaches lie inside its storage (PyTorch's setStorage).
 */
describe("asStrided geometry", () => {
  const base = () => torch.arange(6, { dtype: "float32" });

  it("accepts every view that stays inside the storage, overlapping ones included", () => {
    expect(base().asStrided([2, 2], [1, 1], 0).tolist()).toEqual([[0, 1], [1, 2]]);
    expect(base().asStrided([2], [3], 2).tolist()).toEqual([2, 5]);
    expect(base().asStrided([0, 4], [100, 100], 6).numel()).toBe(0);
    expect(base().asStrided([3, 2], [0, 5], 0).tolist()).toEqual([[0, 5], [0, 5], [0, 5]]);
  });

  it("rejects a negative storage offset", () => {
    expectError(() => base().asStrided([2], [1], -1), ShapeError, /^asStrided:/, /storage offset -1/);
  });

  it("rejects negative, fractional, NaN and infinite strides", () => {
    expectError(() => base().asStrided([2], [-1], 1), ShapeError, /^asStrided:/, /Negative strides/, "[-1]");
    for (const s of [0.5, NaN, Infinity, -Infinity]) expectError(() => base().asStrided([2], [s], 0), ShapeError, /^asStrided:/, /strides/);
  });

  it("rejects negative, fractional, NaN, infinite and non-number sizes", () => {
    expectError(() => base().asStrided([-1], [1], 0), ShapeError, /^asStrided:/, /negative dimension -1/);
    for (const d of [1.5, NaN, Infinity]) expectError(() => base().asStrided([d], [1], 0), ShapeError, /^asStrided:/);
    expectError(() => base().asStrided(["2" as unknown as number], [1], 0), TypeError, /^asStrided:/);
    expectError(() => base().asStrided([2, 2], [1], 0), ShapeError, /^asStrided:/, /strides/);
  });

  it("rejects a view whose last element lies past the storage, however it gets there", () => {
    expectError(() => base().asStrided([2], [6], 0), RangeError, /^asStrided:/, /out of bounds/, /6 elements/);
    expectError(() => base().asStrided([1], [1], 6), RangeError, /^asStrided:/, /out of bounds/);
    expectError(() => base().asStrided([2, 2], [2 ** 52, 2 ** 52], 0), RangeError, /^asStrided:/);
    // an offset into a view is an offset into the whole storage
    expectError(() => base().narrow(0, 2, 2).asStrided([5], [1], 2), RangeError, /^asStrided:/);
  });

  it("the Tensor constructor refuses a storage too small for its geometry", () => {
    const storage = torch.zeros([4]).storage;
    expectError(() => new Tensor(storage, [5], [1], 0), RangeError, /^Tensor:/, /out of bounds/);
    expectError(() => new Tensor(storage, [2, 2], [2, 1], 1), RangeError, /^Tensor:/);
    expectError(() => new Tensor(storage, [2], [1], -1), ShapeError, /^Tensor:/, /offset/);
    expectError(() => new Tensor(storage, [2], [-1], 1), ShapeError, /^Tensor:/, /Negative strides/);
    expect(new Tensor(storage, [2, 2], [2, 1], 0).tolist()).toEqual([[0, 0], [0, 0]]);
  });
});
