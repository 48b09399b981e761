// The kernels themselves, without a GPU: the stand-in driver built with
// buildEmulatingDriver() compiles kernels/src/*.cu as host C++ and runs each
// launch thread by thread, and the stand-in cuBLAS computes GEMMs as cuBLAS
// documents them. The conformance suite then runs on "cuda" through the real
// addon, parameter packing and launch path. What this cannot show (parallel
// execution, atomics under contention, the GPU's own arithmetic) is checked on
// a GPU by scripts/device-check.sh.
import { describe, expect, it } from "vitest";
import { NOT_ON_CUDA } from "./conformance-exclusions.js";
import { buildEmulatingDriver, buildFakeBlas } from "./fake-driver/build.js";

process.env.TAIMATSU_CUDA_LIBRARY = buildEmulatingDriver();
process.env.TAIMATSU_CUBLAS_LIBRARY = buildFakeBlas();
process.env.FAKE_CUDA_MEMORY = String(2 ** 31); // host memory, taken only as used
const torch = await import("@taimatsu/core");
const { runConformance } = await import("@taimatsu/core/testing");
const cuda = await import("../src/index.js");
const { CUDA_DTYPES } = await import("../src/backend.js");

describe("kernels on the emulating driver", () => {
  it("registers", () => {
    expect(cuda.unavailable()).toBeNull();
  });

  it("computes elementwise ops, reductions and products", async () => {
    const x = torch.arange(12, { dtype: "float32" }).reshape([3, 4]).to("cuda");
    expect(await x.mul(2).add(1).sum(1).array()).toEqual([16, 48, 80]);
    expect(await x.t().matmul(x).sum().itemAsync()).toBe(torch.arange(12, { dtype: "float32" }).reshape([3, 4]).t().matmul(torch.arange(12, { dtype: "float32" }).reshape([3, 4])).sum().item());
    expect(x.argmax(1).tolist()).toEqual([3, 3, 3]);
    expect(x.flip([1]).sort(1).values.tolist()).toEqual(x.tolist());
  });

  it("a gather index out of range is reported at the next synchronization, naming the op", async () => {
    const src = torch.ones([4], { device: "cuda" });
    src.gather(0, torch.tensor([1, 7], { dtype: "int64" }).to("cuda"));
    await expect(torch.backends.synchronize("cuda")).rejects.toThrow(
      "gather: index 7 is out of bounds for dimension 0 with size 4 (reported by cuda:0 at the first synchronization after the kernel ran)",
    );
    await expect(torch.backends.synchronize("cuda")).resolves.toBeUndefined();
  });
});

describe("conformance: cuda, ops left out", () => {
  for (const [label, why] of Object.entries(NOT_ON_CUDA)) it.skip(`${label} (skipped: ${why})`, () => {});
});
runConformance({ backend: "cuda", dtypes: CUDA_DTYPES, filter: (op) => !(op.label in NOT_ON_CUDA), test: { describe, it, expect } });
