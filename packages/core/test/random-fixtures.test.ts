import { describe, it } from "vitest";
import * as torch from "../src/index.js";
import type { Tensor } from "../src/index.js";
import { RandomSampler } from "../src/data/index.js";
import { assertClose, loadFixtures, type Encoded } from "./fixture-loader.js";

/**
 * Same seed, same numbers: replays test/fixtures/random.json (written by
 * fixtures/generate_random.py from PyTorch 1.13) under the same seeds.
 * Uniforms, integers, permutations and Bernoulli draws must match exactly.
 * Normals of 16 or more contiguous float32 elements may differ in the last
 * bit: PyTorch computes their logarithm, sine and cosine with vectorised
 * float32 approximations, Taimatsu in double precision rounded to float32.
 */

const { nn } = torch;
const F = nn.functional;

const params = (m: torch.nn.Module) => m.parameters() as Tensor[];

const CASES: Record<string, () => Tensor[]> = {
  rand: () => [torch.rand(3), torch.rand(5, 4), torch.rand(7, { dtype: "float64" })],
  rand_half: () => [torch.rand(6, { dtype: "float16" }).float(), torch.rand(6, { dtype: "bfloat16" }).float()],
  randn_small: () => [torch.randn(3), torch.randn(3), torch.randn(1)],
  randn_blocks: () => [torch.randn(15), torch.randn(16), torch.randn(17), torch.randn(5, 7)],
  randn_large: () => [torch.randn(100)],
  randn_float64: () => [torch.randn(5, { dtype: "float64" }), torch.randn(20, { dtype: "float64" })],
  randn_after_odd: () => [torch.randn(3), torch.randn(20), torch.randn(1)],
  randint: () => [torch.randint(0, 10, [20]), torch.randint(-5, 5, [3, 4]), torch.randint(7, [4], { dtype: "int32" })],
  randint_wide: () => [torch.randint(0, 2 ** 33, [4]), torch.randint(3, [2])],
  randperm: () => [torch.randperm(1), torch.randperm(2), torch.randperm(10), torch.randperm(100)],
  mixed_sequence: () => [torch.rand(2), torch.randn(2), torch.randint(0, 100, [3]), torch.randperm(5), torch.rand(2, { dtype: "float64" })],
  uniform_: () => [torch.empty(3, 4).uniform_(-2.5, 1.5), torch.empty(6, { dtype: "float64" }).uniform_(-1, 3)],
  normal_: () => [torch.empty(3, 4).normal_(0.5, 2.0), torch.empty(8, 8).normal_(-1.0, 0.5)],
  normal_transposed: () => [torch.empty(4, 8).t().normal_(), torch.empty(4, 8).t().uniform_()],
  bernoulli_: () => [torch.empty(30).bernoulli_(0.3), torch.empty(2, 5, { dtype: "float64" }).bernoulli_(0.75)],
  bernoulli: () => [
    torch.bernoulli(torch.arange(32, { dtype: "float32" }).div(32)),
    torch.bernoulli(torch.full([2, 5], 0.75, { dtype: "float64" })),
    torch.arange(6, { dtype: "float32" }).div(8).reshape(2, 3).bernoulli(),
    torch.bernoulli(torch.tensor([0, 1, 0.5], { dtype: "float32" })),
  ],
  normal_tensor: () => [
    torch.normal(torch.arange(6, { dtype: "float32" }).reshape(2, 3), torch.full([2, 3], 0.5)),
    torch.normal(torch.zeros(20), 2.5),
    torch.normal(1.5, torch.arange(1, 21, { dtype: "float32" })),
    torch.normal(0.5, 2, [3, 4]),
    torch.normal(torch.zeros([2, 1], { dtype: "float64" }), torch.ones(3, { dtype: "float64" })),
  ],
  dropout: () => [F.dropout(torch.ones(4, 5), { p: 0.3 }), F.dropout(torch.ones(40), { p: 0.5 })],
  dropout2d: () => [F.dropout2d(torch.ones(2, 3, 2, 2), { p: 0.5 })],
  init: () => [
    nn.init.uniform_(torch.empty(3, 4), -0.5, 0.25),
    nn.init.normal_(torch.empty(3, 4), 0.1, 0.2),
    nn.init.normal_(torch.empty(5, 6)),
    nn.init.kaimingUniform_(torch.empty(6, 5)),
    nn.init.kaimingUniform_(torch.empty(6, 5), { a: Math.sqrt(5) }),
    nn.init.kaimingNormal_(torch.empty(4, 6), { mode: "fan_out", nonlinearity: "relu" }),
    nn.init.xavierUniform_(torch.empty(7, 3)),
    nn.init.xavierNormal_(torch.empty(4, 5), { gain: nn.init.calculateGain("tanh") }),
  ],
  linear: () => params(new nn.Linear(5, 3)),
  conv2d: () => params(new nn.Conv2d(3, 4, 3)),
  mlp: () => params(new nn.Sequential(new nn.Linear(4, 16), new nn.ReLU(), new nn.Linear(16, 3))),
  random_sampler: () => [
    torch.tensor([...new RandomSampler({ length: 10 })]),
    torch.tensor([...new RandomSampler({ length: 7 }, { numSamples: 12 })]),
  ],
  generator: () => [torch.randn(20, { generator: new torch.Generator().manualSeed(5) }), torch.rand(3, { generator: new torch.Generator() })],
};

/** Float64 normals: the logarithm and sines of V8 and of the C library may differ in the last bit. */
const NORMALS = new Set(["randn_float64", "normal_tensor"]);
/** Normals scaled by a std up to 20 and shifted: that ulp difference, scaled, against values near zero. */
const SCALED_NORMALS = new Set(["normal_tensor"]);
/** Float32 normals drawn in blocks of 16 (see above): a few float32 ulps. */
const VECTORISED_NORMALS = new Set(["randn_blocks", "randn_large", "randn_after_odd", "normal_", "init", "generator"]);

describe("PyTorch fixtures: random streams", () => {
  for (const c of loadFixtures("random") as unknown as { id: string; case: string; seed: number; outputs: Encoded[] }[]) {
    const run = CASES[c.case];
    if (!run) throw new Error(`fixture ${c.id}: no Taimatsu sequence named ${c.case}`);
    it(c.id, () => {
      torch.manualSeed(c.seed);
      const outs = torch.noGrad(run);
      if (outs.length !== c.outputs.length) throw new Error(`${c.id}: ${outs.length} outputs, PyTorch ${c.outputs.length}`);
      outs.forEach((o, i) => {
        const want = c.outputs[i]!;
        const tol: [number, number] =
          want.dtype === "float64" && NORMALS.has(c.case) ? [1e-15, 1e-16] : SCALED_NORMALS.has(c.case) ? [1e-6, 5e-6] : VECTORISED_NORMALS.has(c.case) ? [1e-6, 1e-7] : [0, 0];
        assertClose(o.detach(), want, tol, `output ${i}`);
      });
    });
  }
});
