import { beforeAll, describe, expect, it } from "vitest";
import * as torch from "../src/index.js";
import { registerQueuedBackend, type QueuedBackend } from "../src/testing/index.js";

/**
 * A ResNet-20-style training loop (residual stages with batch norm, narrow
 * widths) on the queued backend, which has no synchronous read: SGD with
 * momentum, label smoothing, gradient clipping, ReduceLROnPlateau fed a
 * metric tensor, a DataLoader and an async scope per step. The same loop on
 * the reference CPU backend is the truth it must match.
 */
const { nn, optim } = torch;
const { DataLoader, TensorDataset } = torch.utils.data;
let queued: QueuedBackend;

beforeAll(() => {
  queued = registerQueuedBackend({ name: "queued-training", deviceType: "gpu-like", deviceCount: 2 });
});

class BasicBlock extends nn.Module {
  conv1: torch.nn.Conv2d;
  bn1: torch.nn.BatchNorm2d;
  conv2: torch.nn.Conv2d;
  bn2: torch.nn.BatchNorm2d;
  shortcut: torch.nn.Sequential;

  constructor(inPlanes: number, planes: number, stride: number) {
    super();
    this.conv1 = new nn.Conv2d(inPlanes, planes, 3, { stride, padding: 1, bias: false });
    this.bn1 = new nn.BatchNorm2d(planes);
    this.conv2 = new nn.Conv2d(planes, planes, 3, { padding: 1, bias: false });
    this.bn2 = new nn.BatchNorm2d(planes);
    this.shortcut =
      stride !== 1 || inPlanes !== planes
        ? new nn.Sequential(new nn.Conv2d(inPlanes, planes, 1, { stride, bias: false }), new nn.BatchNorm2d(planes))
        : new nn.Sequential();
  }

  override forward(x: torch.Tensor): torch.Tensor {
    const out = this.bn1.call(this.conv1.call(x)).relu();
    return this.bn2.call(this.conv2.call(out)).add(this.shortcut.call(x)).relu();
  }
}

/** ResNet-20's layout (a stem, three stages of basic blocks, global pooling) with one block per stage and widths 4/8/16. */
function resnet(): torch.nn.Module {
  return new nn.Sequential(
    new nn.Conv2d(3, 4, 3, { padding: 1, bias: false }),
    new nn.BatchNorm2d(4),
    new nn.ReLU(),
    new BasicBlock(4, 4, 1),
    new BasicBlock(4, 8, 2),
    new BasicBlock(8, 16, 2),
    new nn.AdaptiveAvgPool2d(1),
    new nn.Flatten(),
    new nn.Linear(16, 10),
  );
}

/** Trains two epochs on `device`; returns the per-epoch mean losses, the final lr and the parameters, read asynchronously. */
async function train(device: string): Promise<{ losses: number[]; lr: number; params: number[][] }> {
  torch.manualSeed(0);
  const images = torch.randn([16, 3, 8, 8]);
  const labels = torch.randint(0, 10, [16]);
  const model = resnet().to(device);
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9, weightDecay: 5e-4 });
  const scheduler = new optim.lrScheduler.ReduceLROnPlateau(optimizer, { patience: 0, factor: 0.5 });
  const criterion = new nn.CrossEntropyLoss({ labelSmoothing: 0.1 });
  const loader = new DataLoader(new TensorDataset(images, labels), { batchSize: 4, shuffle: true, generator: new torch.Generator().manualSeed(1) });
  const losses: number[] = [];
  for (let epoch = 0; epoch < 2; epoch++) {
    model.train();
    const total = torch.keep(torch.zeros([], { device }));
    for await (const [x, y] of loader) {
      await torch.scope(async () => {
        optimizer.zeroGrad();
        const loss = criterion.call(model.call(x!.to(device)), y!.to(device));
        loss.backward();
        nn.utils.clipGradNorm_(model.parameters(), 1.0);
        optimizer.step();
        total.add_(loss.detach());
      });
    }
    const mean = total.div(4);
    await scheduler.stepAsync(mean);
    losses.push(await mean.itemAsync());
  }
  const params = await Promise.all(model.parameters().map(async (p) => Array.from(await p.data(), Number)));
  return { losses, lr: optimizer.paramGroups[0]!.lr, params };
}

describe("a training step on a backend without synchronous read-back", () => {
  it("trains a ResNet-20-style network as the CPU does, with every value read asynchronously", async () => {
    const ranBefore = queued.operationsRun;
    const onDevice = await train("gpu-like:1");
    expect(queued.operationsRun - ranBefore).toBeGreaterThan(1000); // it really ran there
    const onCpu = await train("cpu");
    onDevice.losses.forEach((l, i) => expect(l).toBeCloseTo(onCpu.losses[i]!, 4));
    expect(onDevice.lr).toBe(onCpu.lr);
    expect(onDevice.params.length).toBe(onCpu.params.length);
    onDevice.params.forEach((p, i) => p.forEach((v, j) => expect(Math.abs(v - onCpu.params[i]![j]!)).toBeLessThan(1e-4)));
    expect(onDevice.losses[1]).toBeLessThan(onDevice.losses[0]!);
  });

  it("frees every temporary of the async steps on the device", async () => {
    const model = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 2)).to("gpu-like:0");
    const optimizer = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
    const params = torch.memory().devices["gpu-like:0"]!.tensors;
    for (let i = 0; i < 3; i++) {
      await torch.scope(async () => {
        optimizer.zeroGrad();
        const loss = model.call(torch.randn([5, 4], { device: "gpu-like:0" })).pow(2).mean();
        loss.backward();
        optimizer.step();
        await loss.itemAsync();
      });
    }
    // parameters, one momentum buffer and one gradient per parameter
    expect(torch.memory().devices["gpu-like:0"]!.tensors).toBe(params + 2 * 4);
  });
});
