import { afterAll, describe, expect, it } from "vitest";
import { agree, make, torch, type DType, type Layout } from "./helpers.js";
import { info, setGemm } from "../src/index.js";

const FLOAT_TOL = { rtol: 1e-4, atol: 1e-4 };

const SHAPES: [number[], number[]][] = [
  [[3, 4], [4, 5]], [[1, 7], [7, 1]], [[7], [7]], [[6, 5], [5]], [[5], [5, 3]], [[0, 3], [3, 4]], [[3, 0], [0, 4]], [[4, 3], [3, 0]],
  [[2, 3, 4], [4, 5]], [[2, 1, 3, 4], [5, 4, 6]], [[3, 5, 2], [3, 2, 4]], [[37, 53], [53, 29]], [[130, 70], [70, 90]],
];

function check(dtype: DType, label: string): void {
  for (const [sa, sb] of SHAPES)
    for (const la of ["contiguous", "transposed", "strided", "offset"] as Layout[])
      for (const lb of ["contiguous", "transposed", "broadcast"] as Layout[])
        agree(`${label} ${dtype} ${JSON.stringify(sa)}(${la}) @ ${JSON.stringify(sb)}(${lb})`, () =>
          make({ shape: sa, dtype, layout: la, seed: 51, special: false, small: true }).matmul(make({ shape: sb, dtype, layout: lb, seed: 52, special: false, small: true })),
          FLOAT_TOL,
        );
}

describe("matmul", () => {
  afterAll(() => setGemm("blas"));

  it("reports the GEMM in use", () => {
    const i = info();
    expect(["blas", "builtin"]).toContain(i.gemm);
    expect(typeof i.threads).toBe("number");
  });

  for (const gemm of ["blas", "builtin"] as const) {
    it(`float32 and float64 through the ${gemm} GEMM`, () => {
      const active = setGemm(gemm);
      if (gemm === "builtin") expect(active).toBe("builtin");
      for (const dtype of ["float32", "float64"] as DType[]) check(dtype, active);
    });
  }

  it("integer and bool matmul are exact", () => {
    for (const dtype of ["int32", "int64", "uint8", "bool"] as DType[]) check(dtype, "int");
  });

  // split into per-thread slabs along the larger side; layouts BLAS cannot take run their slabs on the builtin kernel
  for (const gemm of ["blas", "builtin"] as const) {
    it(`${gemm} GEMM on products split across threads, past the builtin kernel's cache blocking`, () => {
      setGemm(gemm);
      for (const [m, k, n] of [[300, 520, 270], [1, 600, 2100], [2100, 300, 1], [65, 1025, 2049], [130, 40, 90]] as [number, number, number][])
        for (const [la, lb] of [["contiguous", "transposed"], ["transposed", "contiguous"], ["strided", "broadcast"]] as Layout[][])
          agree(`${gemm} ${m}x${k}x${n} ${la} @ ${lb}`, () =>
            make({ shape: [m, k], dtype: "float32", layout: la!, seed: 1, special: false }).matmul(make({ shape: [k, n], dtype: "float32", layout: lb!, seed: 2, special: false })),
            { rtol: 1e-4, atol: 1e-3 },
          );
      setGemm("blas");
    });
  }

  it("gradients flow through matmul on cpu-native", () => {
    const a = torch.randn([4, 3], { requiresGrad: true });
    const b = torch.randn([3, 2], { requiresGrad: true });
    a.matmul(b).sum().backward();
    expect(a.grad!.shape).toEqual([4, 3]);
    expect(b.grad!.storage.backend.name).toBe("cpu-native");
  });
});
