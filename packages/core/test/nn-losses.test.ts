import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { nn } from "../src/index.js";
import { runFunctionalCase, runModuleCase, type FunctionalCase, type ModuleCase } from "./module-case.js";
import { readFixture } from "./nn-fixture-tensors.js";

/**
 * KLDiv, Huber, cosine-embedding, margin-ranking and triplet-margin losses
 * and the similarity modules against PyTorch 1.13 (fixtures/generate_modules.py).
 */

const { functional, modules } = readFixture<{ functional: FunctionalCase[]; modules: ModuleCase[] }>("nn-losses.json");
const F = nn.functional;

describe("losses and distances match PyTorch", () => {
  for (const c of functional) it(c.name, () => runFunctionalCase(c));
  for (const c of modules) it(`nn.${c.name}`, () => runModuleCase(c));
});

describe("losses and distances", () => {
  it("klDiv counts 0 log 0 as 0 and gives the input PyTorch's gradient there", () => {
    const input = torch.tensor([[-1.2, -0.4]], { dtype: "float64" }).requiresGrad_();
    const target = torch.tensor([[0, 1]], { dtype: "float64" }).requiresGrad_();
    const loss = F.klDiv(input, target, { reduction: "sum" });
    expect(loss.item()).toBeCloseTo(0.4, 12);
    const [gi, gt] = torch.autograd.grad(loss, [input, target]);
    expect(gi!.toArray()).toEqual([-0, -1]);
    // d/dt of t log t is log t + 1: -inf at 0, which PyTorch reports as NaN
    expect(Number.isNaN(gt!.toArray()[0])).toBe(true);
  });

  it("reject what PyTorch rejects", () => {
    const a = torch.randn([3, 4]);
    expect(() => F.cosineEmbeddingLoss(a, a, torch.ones([3, 1]))).toThrow(/expects 3D input/);
    expect(() => F.marginRankingLoss(torch.randn([3]), torch.randn([3]), torch.ones([3, 1]))).toThrow(/same dimension/);
    expect(() => F.tripletMarginLoss(a, a, torch.randn([3]))).toThrow(/same number of dimensions/);
    expect(() => F.klDiv(a, a, { reduction: "avg" as "sum" })).toThrow(/not a valid value for reduction/);
    expect(() => F.cosineSimilarity(a, a, { dim: 2 })).toThrow(/out of range/);
    expect(() => F.pairwiseDistance(a, a.to("int64"))).toThrow(torch.DTypeError);
  });
});
