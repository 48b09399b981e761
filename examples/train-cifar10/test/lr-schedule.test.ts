import { describe, expect, it } from "vitest";
import * as torch from "@taimatsu/core";
import { makeScheduler } from "../src/lr-schedule.js";
import { weightDecayGroups } from "../src/param-groups.js";

function lrs(schedule: "cosine" | "onecycle", epochs: number, warmupEpochs: number, stepsPerEpoch: number): number[] {
  const optimizer = new torch.optim.SGD([torch.zeros([1], { requiresGrad: true })], { lr: 0.1, momentum: 0.9 });
  const scheduler = makeScheduler(optimizer, { schedule, epochs, warmupEpochs, lr: 0.1 }, stepsPerEpoch);
  const seen: number[] = [];
  for (let step = 0; step < epochs * stepsPerEpoch; step++) {
    seen.push(optimizer.paramGroups[0]!.lr);
    scheduler.step();
  }
  return seen;
}

describe("makeScheduler", () => {
  it("cosine: linear warm-up from 1% to the peak, then a cosine down to 0, per batch", () => {
    const seen = lrs("cosine", 3, 1, 4);
    expect(seen[0]).toBeCloseTo(0.001, 10);
    expect(seen.slice(0, 5).every((lr, i, all) => i === 0 || lr > all[i - 1]!)).toBe(true);
    expect(seen[4]).toBeCloseTo(0.1, 10);
    // 8 cosine steps after the warm-up: step k has 0.05 * (1 + cos(pi k / 8))
    for (let k = 0; k < 8; k++) expect(seen[4 + k]).toBeCloseTo(0.05 * (1 + Math.cos((Math.PI * k) / 8)), 8);
  });

  it("cosine without warm-up starts at the peak", () => {
    expect(lrs("cosine", 2, 0, 3)[0]).toBeCloseTo(0.1, 10);
  });

  it("onecycle rises to the peak at the end of the warm-up and ends far below the start", () => {
    const seen = lrs("onecycle", 4, 1, 5);
    expect(seen[0]).toBeCloseTo(0.1 / 25, 10);
    expect(Math.max(...seen)).toBeCloseTo(0.1, 10);
    expect(seen.indexOf(Math.max(...seen))).toBe(4);
    expect(seen[seen.length - 1]!).toBeLessThan(0.1 / 25 / 100);
  });
});

describe("weightDecayGroups", () => {
  it("exempts BatchNorm parameters and biases when asked", () => {
    const model = new torch.nn.Sequential(new torch.nn.Conv2d(3, 4, 3), new torch.nn.BatchNorm2d(4), new torch.nn.Linear(4, 2));
    expect(weightDecayGroups(model, 5e-4, false)).toEqual([{ params: model.parameters(), weightDecay: 5e-4 }]);
    const [decayed, exempt] = weightDecayGroups(model, 5e-4, true);
    expect(decayed!.params.map((p) => p.shape)).toEqual([[4, 3, 3, 3], [2, 4]]);
    expect(exempt!.params.map((p) => p.shape)).toEqual([[4], [4], [4], [2]]);
    expect(exempt!.weightDecay).toBe(0);
  });
});
