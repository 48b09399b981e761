import { describe, expect, it } from "vitest";
import * as torch from "@taimatsu/core";
import type { Tensor } from "@taimatsu/core";
// the built package: the module ships in dist/ beside its JS
import "../dist/index.js";

const { nn, optim } = torch;
const F = torch.nn.functional;

/** The network of PyTorch's CIFAR-10 tutorial ("Training a Classifier"). */
class Net extends nn.Module {
  conv1 = new nn.Conv2d(3, 6, 5);
  pool = new nn.MaxPool2d(2, 2);
  conv2 = new nn.Conv2d(6, 16, 5);
  fc1 = new nn.Linear(16 * 5 * 5, 120);
  fc2 = new nn.Linear(120, 84);
  fc3 = new nn.Linear(84, 10);
  forward(x: Tensor): Tensor {
    x = this.pool.call(F.relu(this.conv1.call(x)));
    x = this.pool.call(F.relu(this.conv2.call(x)));
    x = torch.flatten(x, 1);
    x = F.relu(this.fc1.call(x));
    x = F.relu(this.fc2.call(x));
    return this.fc3.call(x);
  }
}

/** Trains `steps` SGD steps (the tutorial's lr and momentum) on `backend`; returns the losses and final weights. */
function train(backend: string, init: Record<string, number[]>, batches: { x: number[][][][]; y: number[] }[]) {
  return torch.backends.withBackend(backend, () => {
    torch.manualSeed(0);
    const net = new Net();
    for (const [name, p] of net.namedParameters()) {
      torch.noGrad(() => p.copy_(torch.tensor(init[name]!).reshape(p.shape)));
    }
    const opt = new optim.SGD(net.parameters(), { lr: 0.01, momentum: 0.9 });
    const lossFn = new nn.CrossEntropyLoss();
    const losses: number[] = [];
    for (const b of batches) {
      torch.scope(() => {
        opt.zeroGrad();
        const loss = lossFn.call(net.call(torch.tensor(b.x)), torch.tensor(b.y));
        loss.backward();
        opt.step();
        losses.push(loss.item());
      });
    }
    const weights = Object.fromEntries([...net.namedParameters()].map(([n, p]) => [n, p.detach().flatten().tolist() as number[]]));
    return { losses, weights, backendUsed: net.conv1.weight.storage.backend.name };
  });
}

describe("the tutorial network on wasm", () => {
  it("trains four SGD steps with the losses and weights of the reference backend", () => {
    torch.manualSeed(1);
    const init = Object.fromEntries([...new Net().namedParameters()].map(([n, p]) => [n, p.detach().flatten().tolist() as number[]]));
    const batches = [0, 1, 2, 3].map(() => ({
      x: torch.randn([8, 3, 32, 32]).tolist() as number[][][][],
      y: torch.randint(0, 10, [8]).tolist() as number[],
    }));
    const onWasm = train("wasm", init, batches);
    const onRef = train("reference", init, batches);
    expect(onWasm.backendUsed).toBe("wasm");
    expect(onRef.backendUsed).toBe("reference");
    for (let i = 0; i < batches.length; i++) expect(onWasm.losses[i]).toBeCloseTo(onRef.losses[i]!, 4);
    // the steps moved the weights, and both backends moved them alike
    expect(onWasm.losses[3]).not.toBe(onWasm.losses[0]);
    for (const name of Object.keys(init)) {
      const a = onWasm.weights[name]!, b = onRef.weights[name]!, w0 = init[name]!;
      let diff = 0, moved = 0;
      for (let i = 0; i < a.length; i++) {
        diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
        moved = Math.max(moved, Math.abs(b[i]! - w0[i]!));
      }
      expect(moved, name).toBeGreaterThan(1e-4);
      expect(diff, name).toBeLessThan(1e-4);
    }
  });
});
