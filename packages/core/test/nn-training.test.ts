import { describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { nn, optim, type Tensor } from "../src/index.js";

/**
 * End to end on the reference backend: a small MLP and a small CNN learn a
 * synthetic task, with the loss clearly decreasing, inside torch.scope so
 * no step leaks tensors.
 */

function train(model: nn.Module, opt: optim.Optimizer, x: Tensor, y: Tensor, steps: number, criterion: nn.Module, setToNone = true): number[] {
  const losses: number[] = [];
  model.train();
  for (let i = 0; i < steps; i++) {
    losses.push(
      torch.scope(() => {
        opt.zeroGrad({ setToNone });
        const loss = criterion.call(model.call(x), y) as Tensor;
        loss.backward();
        opt.step();
        return loss.item();
      }),
    );
  }
  return losses;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("training on the reference backend", () => {
  it("an MLP fits a nonlinear regression", () => {
    torch.manualSeed(0);
    const x = torch.rand([64, 2]).mul(4).sub(2);
    const y = x.select(1, 0).mul(x.select(1, 1)).sin().unsqueeze(1);
    const model = new nn.Sequential(new nn.Linear(2, 32), new nn.Tanh(), new nn.Linear(32, 32), new nn.GELU(), new nn.Linear(32, 1));
    const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
    const sched = new optim.lrScheduler.StepLR(opt, 100, { gamma: 0.5 });
    const before = torch.memory().tensors;
    const losses: number[] = [];
    for (let i = 0; i < 150; i++) {
      losses.push(...train(model, opt, x, y, 1, new nn.MSELoss(), false));
      sched.step();
    }
    expect(mean(losses.slice(-10))).toBeLessThan(mean(losses.slice(0, 10)) * 0.3);
    // gradients are reused in place (setToNone: false), so apart from the first step's gradients and
    // optimizer state, nothing outlives its scope
    expect(torch.memory().tensors - before).toBeLessThan(40);
  });

  it("a CNN with BatchNorm, pooling and dropout learns to tell two image classes apart", () => {
    torch.manualSeed(1);
    const n = 32;
    const labels = torch.arange(n).remainder(2);
    // class 1 has a bright vertical bar, class 0 a horizontal one, both on noise
    const images = torch.randn([n, 1, 8, 8]).mul(0.3);
    const bar = torch.zeros([n, 1, 8, 8]);
    const values = bar.toArray();
    for (let i = 0; i < n; i++) for (let k = 0; k < 8; k++) values[i * 64 + (i % 2 ? k * 8 + 3 : 3 * 8 + k)] = 1;
    const x = images.add(torch.tensor(values).reshape([n, 1, 8, 8]));
    const model = new nn.Sequential(
      new nn.Conv2d(1, 4, 3, { padding: 1 }), new nn.BatchNorm2d(4), new nn.ReLU(), new nn.MaxPool2d(2),
      new nn.Conv2d(4, 8, 3), new nn.ReLU(), new nn.AdaptiveAvgPool2d(1), new nn.Flatten(), new nn.Dropout(0.1), new nn.Linear(8, 2),
    );
    const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
    const losses = train(model, opt, x, labels, 40, new nn.CrossEntropyLoss());
    expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)) * 0.5);
    model.eval();
    const accuracy = torch.noGrad(() => (model.call(x) as Tensor).argmax(1).eq(labels).to("float32").mean().item());
    expect(accuracy).toBeGreaterThan(0.9);
  });
});
