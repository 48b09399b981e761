import { describe, it } from "vitest";
import { ALL_DTYPES, agree, make, torch, type DType } from "./helpers.js";

/** Index tensors of `shape` with values in [0, n). */
function indices(shape: number[], n: number, seed: number, dtype: DType = "int64") {
  let s = seed;
  const count = shape.reduce((a, b) => a * b, 1);
  const v = Float64Array.from({ length: count }, () => (s = (s * 1103515245 + 12345) % 2147483648) % n);
  return torch.tensor(v, { dtype, shape });
}

describe("gather", () => {
  it("along every dim, every dtype, int32 and int64 indices", () => {
    for (const dtype of ALL_DTYPES)
      for (const dim of [0, 1, 2])
        for (const idtype of ["int64", "int32"] as DType[])
          for (const layout of ["contiguous", "transposed", "strided"] as const)
            agree(`gather ${dtype} dim=${dim} ${idtype} ${layout}`, () => {
              const x = make({ shape: [4, 5, 6], dtype, layout, seed: 61 });
              const shape = [3, 4, 5];
              return x.gather(dim, indices(shape, x.shape[dim]!, 7 + dim, idtype));
            });
  });

  it("rejects out-of-range indices", () => {
    agree("gather oob", () => make({ shape: [3, 3], dtype: "float32" }).gather(1, torch.tensor([[0, 3]])));
  });
});

describe("scatter", () => {
  it("assign and add along every dim", () => {
    for (const dtype of ["float32", "float64", "int32", "int64", "uint8", "bool"] as DType[])
      for (const dim of [0, 1])
        for (const layout of ["contiguous", "transposed"] as const) {
          agree(`scatter ${dtype} dim=${dim} ${layout}`, () => {
            const x = make({ shape: [5, 6], dtype, layout, seed: 71 });
            const src = make({ shape: [4, 6], dtype, seed: 72 });
            return x.scatter(dim, indices([4, 3], x.shape[dim]!, 3), src);
          });
          agree(`scatterAdd ${dtype} dim=${dim} ${layout}`, () => {
            const x = make({ shape: [5, 6], dtype, layout, seed: 71, small: true });
            const src = make({ shape: [4, 6], dtype, layout, seed: 72, small: true });
            return x.scatterAdd(dim, indices([4, 6], x.shape[dim]!, 5), src);
          });
        }
  });

  it("scatter with a scalar and gather's gradient (scatterAdd)", () => {
    agree("scatter scalar", () => torch.zeros([3, 4]).scatter(1, torch.tensor([[0], [2], [3]]), 5));
    agree("gather backward", () => {
      const x = torch.tensor(Float32Array.from([1, 2, 3, 4, 5, 6]), { shape: [2, 3], requiresGrad: true });
      x.gather(1, torch.tensor([[0, 0, 2], [1, 1, 1]])).mul(torch.tensor([[1, 2, 3], [4, 5, 6]])).sum().backward();
      return x.grad!;
    });
  });
});
