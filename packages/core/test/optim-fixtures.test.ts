import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { nn, optim, type Tensor } from "../src/index.js";
import { decode, expectClose, isEncoded, readFixture, revive, type EncodedTensor } from "./nn-fixture-tensors.js";

/**
 * Optimizers against PyTorch 1.13 (fixtures/generate_nn.py): parameter
 * trajectories over 10 steps of sum(A p1²) + sum(B p2³), in float64 (tight)
 * and float32 (to a few ulps), and the state dict after them (keys, order,
 * hyper-parameters, state tensors).
 */

interface OptimCase {
  name: string;
  optimizer: "SGD" | "Adam" | "AdamW" | "RMSprop" | "Adagrad";
  groups: Record<string, unknown>[] | null;
  options: Record<string, unknown>;
  initial: EncodedTensor[];
  coeffs: EncodedTensor[];
  trajectory: EncodedTensor[][];
  stateDict: { state: Record<string, Record<string, unknown>>; param_groups: Record<string, unknown>[] };
}

const { cases } = readFixture<{ cases: OptimCase[] }>("nn-optim.json");
const tolerance = (c: OptimCase) => (c.initial[0]!.dtype === "float32" ? { rtol: 1e-5, atol: 1e-6 } : { rtol: 1e-10, atol: 1e-12 });

type OptimizerClass = new (params: unknown, options: unknown) => optim.Optimizer;

function setup(c: OptimCase, initial: Tensor[] = c.initial.map(decode)) {
  const params = initial.map((t) => new nn.Parameter(t.clone()));
  const [a, b] = c.coeffs.map(decode) as [Tensor, Tensor];
  const Cls = (optim as unknown as Record<string, OptimizerClass>)[c.optimizer]!;
  const input = c.groups ? c.groups.map((g, i) => ({ ...g, params: [params[i]!] })) : params;
  const opt = new Cls(input, c.options);
  const step = () => {
    opt.zeroGrad();
    const [p1, p2] = params as [Tensor, Tensor];
    a.mul(p1).mul(p1).sum().add(b.mul(p2).mul(p2).mul(p2).sum()).backward();
    opt.step();
  };
  return { params, opt, step };
}

function expectStateDict(actual: optim.OptimizerStateDict, expected: OptimCase["stateDict"], label: string, tol: { rtol: number; atol: number }): void {
  expect(actual.param_groups.map((g) => Object.keys(g)), `${label}: group keys`).toEqual(expected.param_groups.map((g) => Object.keys(g)));
  expect(actual.param_groups, `${label}: groups`).toEqual(expected.param_groups);
  expect(Object.keys(actual.state).sort(), `${label}: state indices`).toEqual(Object.keys(expected.state).sort());
  for (const [i, want] of Object.entries(expected.state)) {
    const got = actual.state[Number(i)]!;
    expect(Object.keys(got), `${label}: state ${i} keys`).toEqual(Object.keys(want));
    for (const [key, value] of Object.entries(want)) {
      const g = got[key];
      if (isEncoded(value)) {
        expect(g, `${label}: state ${i}.${key}`).toBeInstanceOf(torch.Tensor);
        expect((g as Tensor).dtype, `${label}: state ${i}.${key} dtype`).toBe(value.dtype);
        expectClose(g as Tensor, value, `${label}: state ${i}.${key}`, tol);
      } else expect(g, `${label}: state ${i}.${key}`).toEqual(value);
    }
  }
}

describe("optimizers match PyTorch", () => {
  it("cover every optimizer with nesterov, amsgrad, maximize, weight decay and param groups", () => {
    expect(new Set(cases.map((c) => c.optimizer))).toEqual(new Set(["SGD", "Adam", "AdamW", "RMSprop", "Adagrad"]));
    for (const option of ["nesterov", "amsgrad", "maximize", "weightDecay"]) expect(cases.some((c) => option in c.options)).toBe(true);
    expect(cases.filter((c) => c.groups).length).toBeGreaterThanOrEqual(2);
  });

  for (const c of cases) {
    it(`${c.name}: trajectory and state dict`, () => {
      const { params, opt, step } = setup(c);
      c.trajectory.forEach((expected, i) => {
        step();
        expected.forEach((e, j) => expectClose(params[j]!, e, `${c.name} step ${i + 1} param ${j}`, tolerance(c)));
      });
      expectStateDict(opt.stateDict(), c.stateDict, c.name, tolerance(c));
    });

    it(`${c.name}: resumes from its own state dict and from PyTorch's`, () => {
      const half = c.trajectory.length / 2;
      const first = setup(c);
      for (let i = 0; i < half; i++) first.step();
      const saved = first.opt.stateDict();
      const resumed = setup(c, first.params);
      resumed.opt.loadStateDict(saved);
      for (let i = half; i < c.trajectory.length; i++) resumed.step();
      c.trajectory.at(-1)!.forEach((e, j) => expectClose(resumed.params[j]!, e, `${c.name} resumed param ${j}`, tolerance(c)));
      const fromTorch = setup(c);
      fromTorch.opt.loadStateDict(revive(c.stateDict));
      expectStateDict(fromTorch.opt.stateDict(), c.stateDict, `${c.name} reloaded`, tolerance(c));
    });
  }
});
