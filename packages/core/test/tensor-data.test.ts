import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { ShapeError } from "../src/index.js";
import { expectError } from "./expect-error.js";

/** `torch.tensor` takes numbers, booleans and bigints in rectangular nested arrays, and nothing else. */
describe("torch.tensor data", () => {
  it("rejects elements that are not numbers, booleans or bigints (PyTorch: could not infer dtype)", () => {
    expectError(() => torch.tensor(["a"] as never), TypeError, /^tensor:/, /"a"/);
    expectError(() => torch.tensor([{}] as never), TypeError, /^tensor:/, /Object/);
    expectError(() => torch.tensor([null] as never), TypeError, /^tensor:/, /null/);
    expectError(() => torch.tensor([undefined] as never), TypeError, /^tensor:/, /undefined/);
    expectError(() => torch.tensor([[1, 2], [3, "4"]] as never), TypeError, /^tensor:/);
    expectError(() => torch.tensor("abc" as never), TypeError, /^tensor:/);
    expectError(() => torch.tensor({} as never), TypeError, /^tensor:/);
    expectError(() => torch.tensor([() => 1] as never), TypeError, /^tensor:/, /function/);
    expectError(() => torch.tensor([Symbol("s")] as never), TypeError, /^tensor:/);
    expectError(() => torch.tensor([new Float32Array(2)] as never), TypeError, /^tensor:/, /typed array/);
  });

  it("rejects ragged nesting wherever it occurs", () => {
    expectError(() => torch.tensor([[1, 2], [3]]), ShapeError, /^tensor:/, /length 2 at dim 1/);
    expectError(() => torch.tensor([[1, 2], 3] as never), ShapeError, /^tensor:/);
    expectError(() => torch.tensor([1, [2]] as never), ShapeError, /^tensor:/);
    expectError(() => torch.tensor([[[1]], [[1, 2]]]), ShapeError, /^tensor:/);
    expectError(() => torch.tensor([[], [1]]), ShapeError, /^tensor:/);
  });

  it("still infers PyTorch's dtypes from valid data", () => {
    expect(torch.tensor([1, 2]).dtype).toBe("int64");
    expect(torch.tensor([true, false]).dtype).toBe("bool");
    expect(torch.tensor([1.5, 2]).dtype).toBe("float32");
    expect(torch.tensor([[1n, 2n]]).shape).toEqual([1, 2]);
    expect(torch.tensor([[], []]).shape).toEqual([2, 0]);
  });
});
