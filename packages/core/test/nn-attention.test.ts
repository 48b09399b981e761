import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { nn } from "../src/index.js";
import { runFunctionalCase, runModuleCase, type FunctionalCase, type ModuleCase } from "./module-case.js";
import { readFixture } from "./nn-fixture-tensors.js";

/**
 * F.scaledDotProductAttention, nn.MultiheadAttention and the transformer
 * layers and stacks against PyTorch 1.13 (fixtures/generate_modules.py):
 * outputs, attention weights, and gradients of inputs and parameters.
 */

const { functional, modules } = readFixture<{ functional: FunctionalCase[]; modules: ModuleCase[] }>("nn-attention.json");
const F = nn.functional;

describe("attention matches PyTorch", () => {
  for (const c of functional) it(c.name, () => runFunctionalCase(c));
  for (const c of modules) it(`nn.${c.name}`, () => runModuleCase(c));
});

describe("attention modules", () => {
  it("have PyTorch's state-dict keys, shapes and initial values", () => {
    const mha = new nn.MultiheadAttention(8, 2, { kdim: 3, vdim: 5, addBiasKv: true });
    const shapes = Object.fromEntries(Object.entries(mha.stateDict()).map(([k, v]) => [k, v.shape]));
    expect(shapes).toEqual({
      q_proj_weight: [8, 8], k_proj_weight: [8, 3], v_proj_weight: [8, 5], in_proj_bias: [24], bias_k: [1, 1, 8], bias_v: [1, 1, 8],
      "out_proj.weight": [8, 8], "out_proj.bias": [8],
    });
    const packed = new nn.MultiheadAttention(6, 3);
    expect(Object.keys(packed.stateDict())).toEqual(["in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"]);
    expect(packed.in_proj_bias!.abs().max().item()).toBe(0);
    expect(packed.out_proj.bias!.abs().max().item()).toBe(0);
    // Xavier uniform over [18, 6]: bound sqrt(6 / (6 + 18))
    expect(packed.in_proj_weight!.abs().max().item()).toBeLessThanOrEqual(Math.sqrt(6 / 24));
  });

  it("stack copies of one layer that start equal and train apart", () => {
    const layer = new nn.TransformerEncoderLayer(4, 2, { dimFeedforward: 8 });
    const encoder = new nn.TransformerEncoder(layer, 2);
    const sd = encoder.stateDict();
    expect(sd["layers.0.linear1.weight"]!.equal(sd["layers.1.linear1.weight"]!)).toBe(true);
    expect(encoder.layers.get(0).linear1.weight).not.toBe(encoder.layers.get(1).linear1.weight);
  });

  it("generateSquareSubsequentMask is -inf above the diagonal", () => {
    expect(nn.Transformer.generateSquareSubsequentMask(3).toArray()).toEqual([0, -Infinity, -Infinity, 0, 0, -Infinity, 0, 0, 0]);
  });

  it("dropout in training zeroes attention weights and rescales the rest", () => {
    torch.manualSeed(0);
    const q = torch.randn([1, 4, 8]);
    const mha = new nn.MultiheadAttention(8, 2, { dropout: 0.5 });
    const [, w] = mha.call(q, q, q, { averageAttnWeights: false });
    const values = w!.toArray();
    expect(values.some((v) => v === 0)).toBe(true);
    mha.eval();
    const [, evalW] = mha.call(q, q, q);
    const sums = evalW!.sum(-1).toArray();
    for (const s of sums) expect(s).toBeCloseTo(1, 5);
  });

  it("reject what PyTorch rejects", () => {
    const q = torch.randn([2, 3, 4]);
    expect(() => F.scaledDotProductAttention(q, torch.randn([2, 3, 5]), q)).toThrow(torch.ShapeError);
    expect(() => F.scaledDotProductAttention(q, q, q, { isCausal: true, attnMask: torch.ones([3, 3], { dtype: "bool" }) })).toThrow(/is_causal/);
    expect(() => F.scaledDotProductAttention(q, q, q, { attnMask: torch.ones([3, 3], { dtype: "int64" }) })).toThrow(torch.DTypeError);
    expect(() => new nn.MultiheadAttention(5, 2)).toThrow(/divisible by num_heads/);
    const mha = new nn.MultiheadAttention(4, 2);
    expect(() => mha.call(q, q, q, { attnMask: torch.zeros([3, 3]) })).toThrow(/2D attn_mask/);
    expect(() => mha.call(q, q, q, { keyPaddingMask: torch.zeros([3, 3], { dtype: "bool" }) })).toThrow(/key_padding_mask/);
    expect(() => mha.call(q, torch.randn([2, 3, 5]), q)).toThrow(/key embedding dimension/);
  });
});
