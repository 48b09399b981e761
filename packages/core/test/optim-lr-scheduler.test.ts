import { describe, expect, it, vi } from "vitest";
import * as torch from "../src/index.js";
import { nn, optim } from "../src/index.js";

/** Scheduler behaviour beyond the PyTorch trajectories: validation, resuming, logging. */

const { lrScheduler } = optim;
const sgd = (lr = 0.1) => new optim.SGD([new nn.Parameter(torch.zeros([1]))], { lr, momentum: 0.9 });

describe("lr schedulers", () => {
  it("resuming needs initialLr in every group, as PyTorch", () => {
    expect(() => new lrScheduler.StepLR(sgd(), 2, { lastEpoch: 4 })).toThrow("param 'initial_lr' is not specified in param_groups[0] when resuming an optimizer");
    const opt = sgd();
    new lrScheduler.StepLR(opt, 2);
    expect(opt.paramGroups[0]!.initialLr).toBe(0.1);
    expect(opt.stateDict().param_groups[0]).toHaveProperty("initial_lr", 0.1);
    const resumed = new lrScheduler.StepLR(opt, 2, { gamma: 0.5, lastEpoch: 4 });
    expect(resumed.lastEpoch).toBe(5);
  });

  it("validates arguments with PyTorch's messages", () => {
    expect(() => new lrScheduler.LinearLR(sgd(), { startFactor: 0 })).toThrow("Starting multiplicative factor expected to be greater than 0 and less or equal to 1");
    expect(() => new lrScheduler.ConstantLR(sgd(), { factor: 2 })).toThrow("Constant multiplicative factor expected to be between 0 and 1");
    expect(() => new lrScheduler.OneCycleLR(sgd(), 1)).toThrow("You must define either totalSteps OR (epochs AND stepsPerEpoch)");
    expect(() => new lrScheduler.OneCycleLR(new optim.Adagrad([new nn.Parameter(torch.zeros([1]))]), 1, { totalSteps: 5 })).toThrow("optimizer must support momentum");
    const opt = sgd();
    expect(() => new lrScheduler.SequentialLR(opt, [new lrScheduler.StepLR(opt, 2)], [3])).toThrow("expects number of schedulers provided to be one more than the number of milestone points");
    expect(() => new lrScheduler.SequentialLR(opt, [new lrScheduler.StepLR(sgd(), 2), new lrScheduler.StepLR(opt, 2)], [3])).toThrow("got schedulers at index 0 to be different than the optimizer passed in");
    expect(() => new lrScheduler.ReduceLROnPlateau(sgd(), { factor: 1 })).toThrow("Factor should be < 1.0");
  });

  it("OneCycleLR refuses to step past totalSteps", () => {
    const sched = new lrScheduler.OneCycleLR(sgd(), 1, { totalSteps: 3 });
    sched.step();
    sched.step();
    sched.step();
    expect(() => sched.step()).toThrow("Tried to step 5 times. The specified number of total steps is 3");
  });

  it("ReduceLROnPlateau accepts a tensor metric and keeps infinities in its state dict", () => {
    const opt = sgd(1);
    const sched = new lrScheduler.ReduceLROnPlateau(opt, { patience: 0 });
    sched.step(torch.tensor(2));
    sched.step(torch.tensor(3));
    expect(opt.paramGroups[0]!.lr).toBeCloseTo(0.1, 15);
    expect(sched.stateDict().mode_worse).toBe(Infinity);
    const back = torch.loadFromBytes<{ s: Record<string, unknown> }>(torch.saveToBytes({ s: sched.stateDict() }));
    expect(back.s.mode_worse).toBe(Infinity);
    expect(back.s.best).toBe(2);
  });

  it("logs changes like PyTorch when verbose", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const sched = new lrScheduler.ExponentialLR(sgd(0.1), 0.5, { verbose: true });
    sched.step();
    expect(log.mock.calls.map((c) => c[0])).toEqual(["Adjusting learning rate of group 0 to 1.0000e-01.", "Adjusting learning rate of group 0 to 5.0000e-02."]);
    log.mockRestore();
  });
});
