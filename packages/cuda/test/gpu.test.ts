// On a machine with an NVIDIA GPU and driver: the conformance suite and a
// training step on "cuda" (scripts/device-check.sh runs this there). Elsewhere
// every case is reported as skipped, with the reason.
import { describe, expect, it } from "vitest";
import * as torch from "@taimatsu/core";
import { runConformance } from "@taimatsu/core/testing";
import * as cuda from "../src/index.js";
import { CUDA_DTYPES } from "../src/backend.js";
import { NOT_ON_CUDA } from "./conformance-exclusions.js";

const reason = cuda.unavailable();
if (reason) console.warn(`[cuda] skipped: the GPU tests need an NVIDIA GPU and driver: ${reason}`);

describe.skipIf(reason !== null)(`on a GPU${reason ? ` (skipped: ${reason.split(":")[0]})` : ""}`, () => {
  it("adds, multiplies and reduces on the device", async () => {
    const x = torch.arange(12, { dtype: "float32" }).reshape([3, 4]).to("cuda");
    const y = x.mul(2).add(1).sum(1);
    expect(await y.array()).toEqual([13, 45, 77]);
  });

  it("raises an index error at the next synchronization, naming the op", async () => {
    const src = torch.ones([4], { device: "cuda" });
    src.gather(0, torch.tensor([7], { dtype: "int64" }).to("cuda"));
    await expect(torch.backends.synchronize("cuda")).rejects.toThrow("gather: index 7 is out of bounds for dimension 0 with size 4");
  });

  it("float32 matmul through cuBLAS matches float64 without TF32 rounding", async () => {
    const a = torch.randn([64, 96], { dtype: "float64" });
    const b = torch.randn([96, 80], { dtype: "float64" });
    const want = a.matmul(b).dataSync() as Float64Array;
    const got = (await a.float().to("cuda").matmul(b.float().to("cuda")).data()) as Float32Array;
    const err = Math.max(...Array.from(got, (v, i) => Math.abs(v - want[i]!)));
    expect(err).toBeLessThan(1e-4); // TF32 would be ~1e-2 here
  });
});

if (reason === null) {
  describe("conformance: cuda, ops left out", () => {
    for (const [label, why] of Object.entries(NOT_ON_CUDA)) it.skip(`${label} (skipped: ${why})`, () => {});
  });
  runConformance({ backend: "cuda", dtypes: CUDA_DTYPES, filter: (op) => !(op.label in NOT_ON_CUDA), test: { describe, it, expect } });
}
else describe("conformance: cuda", () => it.skip(`(skipped: no GPU here: ${reason})`, () => {}));
