import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { DTypeError, LinAlgError, ShapeError, TaimatsuError } from "../src/index.js";
import { expectError } from "./expect-error.js";

const f64 = (v: number[][] | number[][][]) => torch.tensor(v, { dtype: "float64" });

describe("torch.linalg", () => {
  it("inverts, solves and factors to the hand-computed results", () => {
    // [[2, 1], [1, 1]]⁻¹ = [[1, -1], [-1, 2]], det 1
    const a = f64([[2, 1], [1, 1]]);
    expect(torch.linalg.inv(a).tolist()).toEqual([[1, -1], [-1, 2]]);
    expect(torch.linalg.det(a).item()).toBeCloseTo(1, 14);
    expect(torch.linalg.solve(a, torch.tensor([3, 2], { dtype: "float64" })).tolist()).toEqual([1, 1]);
    // [[4, 2], [2, 5]] = L Lᵀ with L = [[2, 0], [1, 2]]
    expect(torch.linalg.cholesky(f64([[4, 2], [2, 5]])).tolist()).toEqual([[2, 0], [1, 2]]);
    expect(torch.linalg.cholesky(f64([[4, 2], [2, 5]]), { upper: true }).tolist()).toEqual([[2, 1], [0, 2]]);
    const [sign, logabsdet] = torch.linalg.slogdet(f64([[0, 1], [1, 0]]));
    expect([sign!.item(), logabsdet!.item()]).toEqual([-1, 0]);
  });

  it("reads only the lower triangle for cholesky, as PyTorch", () => {
    expect(torch.linalg.cholesky(f64([[4, 99], [2, 5]])).tolist()).toEqual([[2, 0], [1, 2]]);
  });

  it("gives inv's gradient -A⁻ᵀ G A⁻ᵀ and det's A⁻ᵀ det(A) (checked by finite differences)", () => {
    const a = f64([[3, 1, 0.5], [0.25, 2, 1], [1, 0.5, 4]]).requiresGrad_();
    const g = f64([[1, -0.5, 2], [0.5, 1.5, -1], [0.25, 0, 1]]);
    const [grad] = torch.autograd.grad([torch.linalg.inv(a).mul(g).sum()], [a]);
    const [detGrad] = torch.autograd.grad([torch.linalg.det(a)], [a]);
    const h = 1e-6;
    const base = a.detach();
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const bump = torch.zeros([3, 3], { dtype: "float64" });
        bump.indexPut_([i, j], h);
        const fd = (f: (x: torch.Tensor) => torch.Tensor) => (f(base.add(bump)).item() - f(base.sub(bump)).item()) / (2 * h);
        expect(grad!.index(i, j).item()).toBeCloseTo(fd((x) => torch.linalg.inv(x).mul(g).sum()), 6);
        expect(detGrad!.index(i, j).item()).toBeCloseTo(fd((x) => torch.linalg.det(x)), 6);
      }
    }
  });

  it("raises LinAlgError with PyTorch's messages for singular and non-positive-definite inputs", () => {
    const singular = torch.tensor([[1, 2], [2, 4]]).float();
    expectError(() => torch.linalg.inv(singular), LinAlgError, "linalg.inv: The diagonal element 2 is zero, the inversion could not be completed because the input matrix is singular.");
    expectError(() => torch.linalg.inv(torch.stack([torch.eye(2), singular])), LinAlgError, "linalg.inv: (Batch element 1): The diagonal element 2 is zero");
    expectError(() => singular.inverse(), LinAlgError, "singular");
    expectError(() => torch.linalg.solve(singular, torch.ones([2])), LinAlgError, "torch.linalg.solve: The solver failed because the input matrix is singular.");
    expectError(() => torch.linalg.cholesky(torch.tensor([[1, 2], [2, 1]]).float()), LinAlgError, "linalg.cholesky: The factorization could not be completed because the input is not positive-definite (the leading minor of order 2 is not positive-definite).");
    expectError(() => torch.linalg.cholesky(torch.tensor([[-1, 0], [0, 1]]).float()), LinAlgError, "leading minor of order 1");
    expect(torch.linalg.det(singular).item()).toBe(-0);
    const { sign, logabsdet } = torch.linalg.slogdet(singular);
    expect([sign.item(), logabsdet.item()]).toEqual([-0, -Infinity]);
  });

  it("checks shapes and dtypes before computing", () => {
    expectError(() => torch.linalg.inv(torch.ones([2, 3])), ShapeError, "linalg.inv: A must be batches of square matrices, but they are 2 by 3 matrices");
    expectError(() => torch.linalg.det(torch.ones([3])), ShapeError, "linalg.det: The input tensor A must have at least 2 dimensions");
    expectError(() => torch.linalg.solve(torch.eye(2), torch.ones([3])), ShapeError, "Incompatible shapes of A and B for the equation AX = B (2x2 and 3x1)");
    expectError(() => torch.linalg.inv(torch.ones([2, 2], { dtype: "int64" })), DTypeError, "Expected a floating point or complex tensor as input. Got Long");
    expectError(() => torch.linalg.inv(torch.eye(2, { dtype: "float16" })), DTypeError, "Low precision dtypes not supported");
    expectError(() => torch.linalg.solve(torch.eye(2), torch.ones([2], { dtype: "float64" })), TypeError, "same dtype");
    expectError(() => torch.linalg.vectorNorm(torch.ones([2], { dtype: "int64" })), DTypeError, "linalg.vector_norm");
    expectError(() => torch.linalg.matrixNorm(torch.ones([2, 2]), "nuc"), TaimatsuError, "singular values");
    expectError(() => torch.linalg.matrixNorm(torch.ones([2, 2]), 3), RangeError, "Order 3 not supported");
    expectError(() => torch.linalg.norm(torch.ones([2, 2, 2]), 2), ShapeError, "must be 1D or 2D");
    expectError(() => torch.linalg.vectorNorm(torch.ones([0]), Infinity), ShapeError, "non-empty");
  });

  it("keeps empty batches and 0×0 matrices (det 1, inverse empty)", () => {
    expect(torch.linalg.inv(torch.ones([0, 2, 2])).shape).toEqual([0, 2, 2]);
    expect(torch.linalg.det(torch.ones([0, 0])).item()).toBe(1);
    expect(torch.linalg.cholesky(torch.ones([2, 0, 0])).shape).toEqual([2, 0, 0]);
  });
});
