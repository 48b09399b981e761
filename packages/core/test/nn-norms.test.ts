import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { nn } from "../src/index.js";
import { runFunctionalCase, runModuleCase, type FunctionalCase, type ModuleCase } from "./module-case.js";
import { readFixture } from "./nn-fixture-tensors.js";

/**
 * InstanceNorm1d/2d/3d and LocalResponseNorm
 * against PyTorch 1.13 (fixtures/generate_modules.py).
 */

const { functional, modules } = readFixture<{ functional: FunctionalCase[]; modules: ModuleCase[] }>("nn-norms.json");
const F = nn.functional;

describe("normalisation layers match PyTorch", () => {
  for (const c of functional) it(c.name, () => runFunctionalCase(c));
  for (const c of modules) it(`nn.${c.name}`, () => runModuleCase(c));
});

describe("normalisation layers", () => {
  it("reject what PyTorch rejects", () => {
    expect(() => new nn.InstanceNorm2d(3, { affine: true }).call(torch.randn([2, 4, 3, 3]))).toThrow(/num_features \(3\)/);
    expect(() => new nn.InstanceNorm2d(3).call(torch.randn([2, 3, 3]).reshape([2, 3, 3, 1, 1]))).toThrow(/4D/);
    expect(() => new nn.InstanceNorm1d(3).call(torch.randn([2, 3, 1]))).toThrow(/more than 1 spatial element/);
    expect(() => F.localResponseNorm(torch.randn([2, 3]), 2)).toThrow(/3D or higher/);
  });

  it("instance statistics update the running ones as their average over the batch", () => {
    const norm = new nn.InstanceNorm1d(2, { trackRunningStats: true, momentum: 1 });
    const x = torch.tensor([[[1, 3], [0, 4]], [[5, 7], [2, 2]]], { dtype: "float32" });
    norm.call(x);
    // per-instance means 2, 2 / 6, 2; unbiased variances 2, 8 / 2, 0
    expect(norm.stateDict()["running_mean"]!.toArray()).toEqual([4, 2]);
    expect(norm.stateDict()["running_var"]!.toArray()).toEqual([2, 4]);
  });
});
