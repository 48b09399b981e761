import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";

/** Errors and view semantics of the diagonal, roll and product ops (values are covered by the PyTorch fixtures). */
describe("diagonals, rolls and products", () => {
  it("diagonal is a view of the same storage", () => {
    const x = torch.zeros([3, 3]);
    x.diagonal().fill_(2);
    expect(x.tolist()).toEqual([[2, 0, 0], [0, 2, 0], [0, 0, 2]]);
  });

  it("raises where PyTorch raises, naming the op", () => {
    expect(() => torch.zeros([3]).diagonal()).toThrow(/diagonal: expected a tensor with at least 2 dimensions/);
    expect(() => torch.zeros([3, 3]).diagonal(0, 1, -1)).toThrow(/diagonal dimensions cannot be identical/);
    expect(() => torch.zeros([2, 2, 2]).trace()).toThrow(/trace: expected a matrix/);
    expect(() => torch.zeros([3]).tril()).toThrow(/at least 2 dimensions/);
    expect(() => torch.zeros([3, 3]).roll([1, 2], [0])).toThrow(/shifts and dimensions must align/);
    expect(() => torch.zeros([3, 3]).rot90(1, [0, 0])).toThrow(/rotation dims to be different/);
    expect(() => torch.einsum("ij,jk->ik", torch.zeros([2, 3]), torch.zeros([4, 2]))).toThrow(torch.ShapeError);
    expect(() => torch.einsum("ij->k", torch.zeros([2, 3]))).toThrow(/output subscript k does not appear/);
    expect(() => torch.einsum("ij", torch.zeros([2, 3]), torch.zeros([3]))).toThrow(/1 operand\(s\) in the equation/);
    expect(() => torch.tensordot(torch.zeros([2, 3]), torch.zeros([4, 2]), 1)).toThrow(/contracted dimensions need to match/);
    expect(() => torch.zeros([2, 2]).cross(torch.zeros([2, 2]))).toThrow(/no dimension of size 3/);
    expect(() => torch.cdist(torch.zeros([2, 3]), torch.zeros([2, 4]))).toThrow(/same number of columns/);
    expect(() => torch.zeros([2, 3]).addmm(torch.zeros([2, 3]), torch.zeros([2, 3]))).toThrow(/mat1 and mat2 shapes cannot be multiplied/);
  });

  it("einsum contracts a chain by hand", () => {
    const a = torch.tensor([[1, 2], [3, 4]]);
    const b = torch.tensor([[0, 1], [1, 0]]);
    // sum_ij a_ij b_ji = a01 + a10 = 2 + 3
    expect(torch.einsum("ij,ji->", a, b).item()).toBe(5);
  });
});
