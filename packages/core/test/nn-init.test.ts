import { describe, expect, it, vi } from "vitest";
import * as torch from "../src/index.js";
import { nn, type Tensor } from "../src/index.js";
import { readFixture } from "./nn-fixture-tensors.js";

/**
 * nn.init and the default initialisation of every layer: the same
 * distributions as PyTorch (bounds, means and standard deviations over
 * large layers against PyTorch's formulas), gains and fans from the fixture.
 */

const fixture = readFixture<{
  gains: { nonlinearity: nn.init.Nonlinearity; param: number | null; gain: number }[];
  fans: { shape: number[]; fanIn: number; fanOut: number }[];
}>("nn-init.json");

function stats(t: Tensor): { min: number; max: number; mean: number; std: number; n: number } {
  const x = t.detach().double();
  return { min: x.min().item(), max: x.max().item(), mean: x.mean().item(), std: x.std().item(), n: x.numel() };
}

/** U(-b, b): inside the bounds, reaching close to them, mean 0 and std b/sqrt(3) within sampling error. */
function expectUniform(t: Tensor, bound: number, label: string): void {
  const s = stats(t);
  expect(s.min, `${label} min`).toBeGreaterThanOrEqual(-bound);
  expect(s.max, `${label} max`).toBeLessThanOrEqual(bound);
  expect(s.max, `${label} max reaches the bound`).toBeGreaterThan(bound * 0.98);
  expect(s.min, `${label} min reaches the bound`).toBeLessThan(-bound * 0.98);
  const std = bound / Math.sqrt(3);
  expect(Math.abs(s.mean), `${label} mean`).toBeLessThan((5 * std) / Math.sqrt(s.n));
  expect(Math.abs(s.std / std - 1), `${label} std`).toBeLessThan(0.03);
}

function expectNormal(t: Tensor, mean: number, std: number, label: string): void {
  const s = stats(t);
  expect(Math.abs(s.mean - mean), `${label} mean`).toBeLessThan((5 * std) / Math.sqrt(s.n));
  expect(Math.abs(s.std / std - 1), `${label} std`).toBeLessThan(0.03);
}

describe("nn.init helpers", () => {
  it("calculateGain matches PyTorch", () => {
    for (const { nonlinearity, param, gain } of fixture.gains) expect(nn.init.calculateGain(nonlinearity, param), nonlinearity).toBeCloseTo(gain, 14);
    expect(nn.init.calculateGain("leakyRelu", 0.2)).toBe(nn.init.calculateGain("leaky_relu", 0.2));
    expect(() => nn.init.calculateGain("softmax" as nn.init.Nonlinearity)).toThrow("calculateGain: Unsupported nonlinearity softmax");
  });

  it("fan-in and fan-out match PyTorch", () => {
    for (const { shape, fanIn, fanOut } of fixture.fans) expect(nn.init.calculateFanInAndFanOut(torch.empty(shape))).toEqual({ fanIn, fanOut });
    expect(() => nn.init.calculateFanInAndFanOut(torch.empty([5]))).toThrow(/fewer than 2 dimensions \(got shape \[5\]\)/);
  });

  it("initialisers draw from their formulas' distributions", () => {
    const w = torch.empty([400, 300]);
    expectUniform(nn.init.uniform_(w, -0.3, 0.7).sub(0.2), 0.5, "uniform_");
    expectNormal(nn.init.normal_(w, 2, 0.5), 2, 0.5, "normal_");
    expectUniform(nn.init.kaimingUniform_(w), Math.sqrt(3) * (Math.SQRT2 / Math.sqrt(1 + 0)) / Math.sqrt(300), "kaimingUniform_ default (leaky_relu, a=0)");
    expectNormal(nn.init.kaimingNormal_(w, { mode: "fan_out", nonlinearity: "relu" }), 0, Math.SQRT2 / Math.sqrt(400), "kaimingNormal_ fan_out relu");
    expectUniform(nn.init.xavierUniform_(w, { gain: 2 }), 2 * Math.sqrt(6 / 700), "xavierUniform_");
    expectNormal(nn.init.xavierNormal_(w), 0, Math.sqrt(2 / 700), "xavierNormal_");
    expect(nn.init.constant_(torch.empty([3]), 0.25).tolist()).toEqual([0.25, 0.25, 0.25]);
    expect(nn.init.zeros_(torch.empty([2])).tolist()).toEqual([0, 0]);
    expect(nn.init.ones_(torch.empty([2])).tolist()).toEqual([1, 1]);
  });

  it("orthogonal_ gives orthonormal rows or columns, scaled by gain", () => {
    for (const [rows, cols] of [[6, 4], [4, 6], [5, 5]] as const) {
      const q = nn.init.orthogonal_(torch.empty([rows, cols], { dtype: "float64" }), { gain: 1.5 });
      const gram = rows >= cols ? q.t().matmul(q) : q.matmul(q.t());
      const n = Math.min(rows, cols);
      const err = gram.sub(torch.eye(n, n, { dtype: "float64" }).mul(2.25)).abs().max().item();
      expect(err, `${rows}x${cols}`).toBeLessThan(1e-12);
    }
    const conv = nn.init.orthogonal_(torch.empty([4, 2, 3, 3], { dtype: "float64" }));
    expect(conv.reshape([4, 18]).matmul(conv.reshape([4, 18]).t()).sub(torch.eye(4, 4, { dtype: "float64" })).abs().max().item()).toBeLessThan(1e-12);
  });

  it("is reproducible with a seeded generator and works on parameters", () => {
    const a = nn.init.kaimingUniform_(torch.empty([3, 4]), { a: 1, generator: new torch.Generator(7) });
    const b = nn.init.kaimingUniform_(torch.empty([3, 4]), { a: 1, generator: new torch.Generator(7) });
    expect(a.tolist()).toEqual(b.tolist());
    const p = new nn.Parameter(torch.empty([2, 2]));
    expect(() => nn.init.normal_(p)).not.toThrow();
    expect(p.requiresGrad).toBe(true);
  });

  it("skips zero-element tensors with PyTorch's warning", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    nn.init.kaimingUniform_(torch.empty([0, 3]));
    expect(warn).toHaveBeenCalledWith("nn.init: Initializing zero-element tensors is a no-op");
    warn.mockRestore();
  });
});

describe("default initialisation of layers matches PyTorch's distributions", () => {
  torch.manualSeed(0);

  it("Linear: weight and bias U(-1/sqrt(in), 1/sqrt(in))", () => {
    const fc = new nn.Linear(1000, 600);
    expectUniform(fc.weight, 1 / Math.sqrt(1000), "Linear weight");
    const wide = new nn.Linear(100, 20000);
    expectUniform(wide.bias!, 1 / Math.sqrt(100), "Linear bias");
  });

  it("Conv2d and Conv1d: fan-in is in_channels / groups * kernel size", () => {
    const conv = new nn.Conv2d(64, 128, 3, { groups: 2 });
    const fanIn = 32 * 9;
    expectUniform(conv.weight, 1 / Math.sqrt(fanIn), "Conv2d weight");
    const many = new nn.Conv2d(16, 12000, 1);
    expectUniform(many.bias!, 1 / 4, "Conv2d bias");
    expectUniform(new nn.Conv1d(30, 600, 5).weight, 1 / Math.sqrt(150), "Conv1d weight");
  });

  it("ConvTranspose2d: fan-in from the weight's dim 1 (out_channels / groups)", () => {
    const up = new nn.ConvTranspose2d(256, 64, 4);
    expect(up.weight.shape).toEqual([256, 64, 4, 4]);
    expectUniform(up.weight, 1 / Math.sqrt(64 * 16), "ConvTranspose2d weight");
  });

  it("Bilinear: U(-1/sqrt(in1), 1/sqrt(in1))", () => {
    const bl = new nn.Bilinear(50, 40, 100);
    expectUniform(bl.weight, 1 / Math.sqrt(50), "Bilinear weight");
  });

  it("Embedding: N(0, 1), padding row zero", () => {
    const emb = new nn.Embedding(2000, 100, { paddingIdx: -1 });
    expect(emb.paddingIdx).toBe(1999);
    expect(emb.weight.select(0, 1999).abs().sum().item()).toBe(0);
    expectNormal(emb.weight.narrow(0, 0, 1999), 0, 1, "Embedding weight");
  });

  it("norm layers: weight ones, bias zeros, running stats zeros/ones/0", () => {
    for (const m of [new nn.BatchNorm2d(5), new nn.BatchNorm1d(5), new nn.LayerNorm(5), new nn.GroupNorm(5, 5)]) {
      const sd = m.stateDict();
      expect(sd["weight"]!.tolist(), m.constructor.name).toEqual([1, 1, 1, 1, 1]);
      expect(sd["bias"]!.tolist(), m.constructor.name).toEqual([0, 0, 0, 0, 0]);
      if (m instanceof nn.BatchNorm2d || m instanceof nn.BatchNorm1d) {
        expect(sd["running_mean"]!.tolist()).toEqual([0, 0, 0, 0, 0]);
        expect(sd["running_var"]!.tolist()).toEqual([1, 1, 1, 1, 1]);
        expect(sd["num_batches_tracked"]!.item()).toBe(0);
      }
    }
  });

  it("creates parameters with the requested dtype", () => {
    const fc = new nn.Linear(3, 2, { dtype: "float64" });
    expect(fc.weight.dtype).toBe("float64");
    expect(new nn.BatchNorm2d(3, { dtype: "float64" }).runningMean!.dtype).toBe("float64");
    expect(new nn.BatchNorm2d(3, { dtype: "float64" }).numBatchesTracked!.dtype).toBe("int64");
  });
});
