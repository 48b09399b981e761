import { describe, it } from "vitest";
import { COMPUTE_DTYPES, LAYOUTS, agree, make, torch, type DType } from "./helpers.js";

const CASES: [number[], (number | number[] | undefined)[]][] = [
  [[7], [undefined, 0]],
  [[3, 5], [undefined, 0, 1, [0, 1]]],
  [[2, 3, 4], [0, 1, 2, [0, 2], [1, 2], [0, 1]]],
  [[4, 1, 6, 2], [1, 2, [0, 3], [0, 1, 2]]],
  [[0, 4], [0, 1]],
  [[3, 0, 2], [1, [0, 2]]],
];

describe("reduce", () => {
  for (const op of ["sum", "prod", "amax", "amin", "mean"] as const) {
    it(op, () => {
      for (const dtype of COMPUTE_DTYPES)
        for (const [shape, dimsList] of CASES)
          for (const dim of dimsList)
            for (const layout of LAYOUTS)
              for (const keepdim of [false, true])
                agree(`${op} ${dtype} ${JSON.stringify(shape)} dim=${JSON.stringify(dim)} ${layout} keepdim=${keepdim}`, () =>
                  (make({ shape, dtype, layout, seed: 31, small: op === "prod" }) as any)[op](dim ?? null, { keepdim }),
                );
    });
  }

  it("long reductions split across threads and columns folded in place", () => {
    for (const layout of ["contiguous", "transposed"] as const) {
      agree(`sum all ${layout}`, () => make({ shape: [700, 600], dtype: "float32", layout, seed: 2, special: false }).sum(), { rtol: 1e-6 });
      agree(`sum dim 0 ${layout}`, () => make({ shape: [700, 600], dtype: "float32", layout, seed: 3, special: false }).sum(0), { rtol: 1e-6 });
      agree(`amax dim 1 ${layout}`, () => make({ shape: [700, 600], dtype: "float32", layout, seed: 4 }).amax(1));
      agree(`sum int64 all ${layout}`, () => make({ shape: [700, 600], dtype: "int64", layout, seed: 5 }).sum());
    }
  });

  it("NaN propagates through max and min", () => {
    const x = () => torch.tensor(Float32Array.from([1, NaN, 3, -Infinity, 2, 5, NaN, 0]), { shape: [2, 4] });
    agree("amax", () => [x().amax(), x().amax(0), x().amax(1)]);
    agree("amin", () => [x().amin(), x().amin(0), x().amin(1)]);
  });
});

describe("argReduce", () => {
  for (const op of ["argmax", "argmin"] as const) {
    it(op, () => {
      for (const dtype of COMPUTE_DTYPES as DType[])
        for (const [shape, dims] of [[[9], [undefined, 0]], [[4, 6], [0, 1]], [[2, 3, 5], [0, 1, 2]]] as [number[], (number | undefined)[]][])
          for (const dim of dims)
            for (const layout of LAYOUTS)
              agree(`${op} ${dtype} ${JSON.stringify(shape)} ${dim} ${layout}`, () => (make({ shape, dtype, layout, seed: 41 }) as any)[op](dim ?? null));
    });
  }

  it("first NaN wins, ties pick the first index", () => {
    const x = () => torch.tensor(Float64Array.from([1, 3, NaN, 3, NaN, 3, 3, 1, 1]), { shape: [3, 3] });
    agree("argmax", () => [x().argmax(), x().argmax(0), x().argmax(1)]);
    agree("argmin", () => [x().argmin(), x().argmin(0), x().argmin(1)]);
    agree("max(dim) values and indices", () => {
      const { values, indices } = x().max(1);
      return [values, indices];
    });
  });
});
