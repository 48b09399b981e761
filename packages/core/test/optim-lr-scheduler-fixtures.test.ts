import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { nn, optim } from "../src/index.js";
import { readFixture } from "./nn-fixture-tensors.js";

/**
 * Learning-rate schedulers against PyTorch 1.13 (fixtures/generate_nn.py):
 * each group's lr (and momentum / Adam's beta1 for OneCycleLR) after
 * construction and after every step, the last lr, and the state dict.
 */

interface SchedulerSpec {
  name: string;
  args?: unknown[];
  children?: SchedulerSpec[];
  milestones?: number[];
}

interface SchedulerCase {
  name: string;
  optimizer: { name: "SGD" | "Adam"; groups: { lr: number }[]; options: Record<string, unknown> };
  scheduler: SchedulerSpec;
  metrics: number[] | null;
  epochs: number[] | null;
  record: { lr: number[]; momentum: (number | null)[] }[];
  lastLr: number[];
  stateDict: Record<string, unknown>;
}

const { cases } = readFixture<{ cases: SchedulerCase[] }>("nn-schedulers.json");

type AnyScheduler = { step(arg?: number): void; getLastLr(): number[]; stateDict(): Record<string, unknown>; loadStateDict(s: Record<string, unknown>): void };
type SchedulerClass = new (...args: unknown[]) => AnyScheduler;

function makeScheduler(opt: optim.Optimizer, spec: SchedulerSpec): AnyScheduler {
  const Cls = (optim.lrScheduler as unknown as Record<string, SchedulerClass>)[spec.name]!;
  if (spec.children) return new Cls(opt, spec.children.map((child) => makeScheduler(opt, child)), spec.milestones);
  return new Cls(opt, ...(spec.args ?? []));
}

function setup(c: SchedulerCase) {
  const params = [new nn.Parameter(torch.zeros([2])), new nn.Parameter(torch.zeros([3]))];
  const groups = c.optimizer.groups.map((g, i) => ({ ...g, params: [params[i]!] }));
  const opt = c.optimizer.name === "SGD" ? new optim.SGD(groups, c.optimizer.options) : new optim.Adam(groups, c.optimizer.options);
  return { opt, sched: makeScheduler(opt, c.scheduler) };
}

function snapshot(opt: optim.Optimizer) {
  return {
    lr: opt.paramGroups.map((g) => g.lr),
    momentum: opt.paramGroups.map((g) => (Array.isArray(g.betas) ? (g.betas[0] as number) : ((g.momentum as number | undefined) ?? null))),
  };
}

const fromJson = (v: unknown): unknown => (v === "inf" ? Infinity : v === "-inf" ? -Infinity : v);

/** Deep equality with relative tolerance on numbers (recursive lr formulas round differently from nothing but the last bit). */
function expectDeepClose(actual: unknown, expected: unknown, path: string): void {
  expected = fromJson(expected);
  if (typeof expected === "number") {
    expect(typeof actual, path).toBe("number");
    if (Number.isFinite(expected)) expect(Math.abs((actual as number) - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
    else expect(actual, path).toBe(expected);
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, `${path}.length`).toBe(expected.length);
    expected.forEach((e, i) => expectDeepClose((actual as unknown[])[i], e, `${path}[${i}]`));
  } else if (expected && typeof expected === "object") {
    expect(Object.keys(actual as object), `${path} keys`).toEqual(Object.keys(expected));
    for (const [k, v] of Object.entries(expected)) expectDeepClose((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
  } else expect(actual, path).toEqual(expected);
}

/** PyTorch 1.13 pickles OneCycleLR's annealing function; Taimatsu stores its name under PyTorch 2's key instead. */
function comparableState(state: Record<string, unknown>): Record<string, unknown> {
  const { _anneal_func_type: _, ...rest } = state;
  return rest;
}

describe("learning-rate schedulers match PyTorch", () => {
  it("cover every scheduler", () => {
    const names = new Set(cases.map((c) => c.scheduler.name));
    for (const n of ["StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR", "OneCycleLR", "LinearLR", "SequentialLR", "ReduceLROnPlateau"]) {
      expect(names.has(n), n).toBe(true);
    }
  });

  for (const c of cases) {
    it(`${c.name}: lr per step and state dict`, () => {
      const { opt, sched } = setup(c);
      expectDeepClose(snapshot(opt), c.record[0], `${c.name} after construction`);
      c.record.slice(1).forEach((expected, i) => {
        opt.step();
        if (c.metrics) sched.step(c.metrics[i]);
        else if (c.epochs) sched.step(c.epochs[i]);
        else sched.step();
        expectDeepClose(snapshot(opt), expected, `${c.name} step ${i + 1}`);
      });
      expectDeepClose(sched.getLastLr(), c.lastLr, `${c.name} getLastLr`);
      expectDeepClose(comparableState(sched.stateDict()), c.stateDict, `${c.name} stateDict`);
    });

    it(`${c.name}: resumes from a state dict`, () => {
      if (c.metrics || c.epochs) return;
      const half = Math.floor((c.record.length - 1) / 2);
      const first = setup(c);
      for (let i = 0; i < half; i++) first.sched.step();
      const saved = JSON.parse(JSON.stringify(first.sched.stateDict())) as Record<string, unknown>;
      const groups = first.opt.paramGroups.map((g) => ({ ...g }));
      const second = setup(c);
      second.sched.loadStateDict(saved);
      second.opt.paramGroups.forEach((g, i) => Object.assign(g, { ...groups[i], params: g.params }));
      for (let i = half; i < c.record.length - 1; i++) second.sched.step();
      expectDeepClose(snapshot(second.opt), c.record.at(-1), `${c.name} resumed`);
    });
  }
});
