import { beforeAll, describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import type { Backend } from "../src/backend/backend.js";

/**
 * The multi-tensor optimizer kernels (`sgdStepForeach`, `adamStepForeach`):
 * one call per parameter group, the same values as the per-parameter
 * decomposition (which optim-fixtures.test.ts checks against PyTorch).
 */
const { optim } = torch;
const reference = torch.backends.getBackendByName("reference");
const calls: string[] = [];

beforeAll(() => {
  // the reference kernels without any fused kernel: the decomposition
  torch.backends.registerBackend({ ...reference, name: "decomposed", priority: -1, fused: {} } as Backend);
  // the reference kernels, counting foreach calls
  const counted = Object.fromEntries(
    Object.entries(reference.fused!).map(([name, k]) => [name, (...args: unknown[]) => (calls.push(name), k(...args))]),
  );
  torch.backends.registerBackend({ ...reference, name: "counting", priority: -1, fused: counted } as Backend);
});

type Make = (params: torch.Tensor[]) => { step(): unknown; zeroGrad(): void };

/** Three steps over three parameters (one strided gradient, one parameter without a gradient on step 2). */
function run(backend: string, make: Make): number[][] {
  return torch.backends.withBackend(backend, () => {
    torch.manualSeed(7);
    const params = [torch.randn([3, 4]), torch.randn([5]), torch.randn([2, 2], { dtype: "float64" })].map((p) => p.requiresGrad_());
    const optimizer = make(params);
    for (let step = 0; step < 3; step++) {
      optimizer.zeroGrad();
      params.forEach((p, i) => {
        if (step === 1 && i === 1) return;
        p.grad = i === 0 ? torch.randn([4, 3]).t() : torch.randn(p.shape, { dtype: p.dtype });
      });
      optimizer.step();
    }
    return params.map((p) => p.detach().toArray());
  });
}

const cases: [string, Make][] = [
  ["SGD with Nesterov momentum and weight decay", (p) => new optim.SGD(p, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 })],
  ["SGD with dampening, maximizing", (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.5, dampening: 0.3, maximize: true })],
  ["plain SGD", (p) => new optim.SGD(p, { lr: 0.1 })],
  ["Adam with amsgrad and weight decay", (p) => new optim.Adam(p, { lr: 0.01, amsgrad: true, weightDecay: 0.1 })],
  ["AdamW, maximizing", (p) => new optim.AdamW(p, { lr: 0.01, weightDecay: 0.1, maximize: true })],
];

describe("multi-tensor optimizer kernels", () => {
  for (const [name, make] of cases) {
    it(`${name}: one kernel call per step and group, the decomposition's values`, () => {
      calls.length = 0;
      const fused = run("counting", make);
      expect(calls.length).toBe(3);
      expect(new Set(calls).size).toBe(1);
      const decomposed = run("decomposed", make);
      fused.forEach((values, i) => values.forEach((v, k) => expect(v).toBeCloseTo(decomposed[i]![k]!, 6)));
    });
  }

  it("a group spread over two devices updates parameter by parameter", () => {
    torch.backends.registerBackend({ ...reference, name: "other-device", deviceType: "elsewhere", priority: 0 });
    const a = torch.ones([2]).requiresGrad_();
    const b = torch.ones([2], { device: "elsewhere" }).requiresGrad_();
    const optimizer = new optim.SGD([a, b], { lr: 0.5, momentum: 0.9 });
    a.grad = torch.ones([2]);
    b.grad = torch.ones([2], { device: "elsewhere" });
    optimizer.step();
    expect([a.tolist(), b.tolist()]).toEqual([[0.5, 0.5], [0.5, 0.5]]);
  });
});
