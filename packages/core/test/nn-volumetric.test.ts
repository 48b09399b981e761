import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { nn } from "../src/index.js";
import { runFunctionalCase, runModuleCase, type FunctionalCase, type ModuleCase } from "./module-case.js";
import { readFixture } from "./nn-fixture-tensors.js";

/** Conv3d, MaxPool3d and AvgPool3d against PyTorch 1.13 (fixtures/generate_modules.py). */

const { functional, modules } = readFixture<{ functional: FunctionalCase[]; modules: ModuleCase[] }>("nn-volumetric.json");
const F = nn.functional;

describe("volumetric layers match PyTorch", () => {
  for (const c of functional) it(c.name, () => runFunctionalCase(c));
  for (const c of modules) it(`nn.${c.name}`, () => runModuleCase(c));
});

describe("volumetric layers", () => {
  it("reject what PyTorch rejects", () => {
    const v = torch.randn([1, 2, 3, 3, 3]);
    expect(() => F.conv3d(torch.randn([2, 3, 3]), torch.randn([1, 2, 1, 1, 1]))).toThrow(/4D \(unbatched\) or 5D/);
    expect(() => F.conv3d(v, torch.randn([1, 3, 1, 1, 1]))).toThrow(/expected input.*to have 3 channels/);
    expect(() => F.conv3d(v, torch.randn([1, 2, 4, 1, 1]))).toThrow(torch.ShapeError);
    expect(() => F.maxPool3d(torch.randn([2, 3]), 2)).toThrow(/4D or 5D/);
    expect(() => F.maxPool3d(v, 2, { returnIndices: true })).toThrow(/returnIndices/);
    expect(() => F.avgPool3d(v, 2, { divisorOverride: 0 })).toThrow(/divisor/);
  });
});
