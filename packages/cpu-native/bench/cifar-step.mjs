// One training step of the CIFAR-10 tutorial network (LeNet: conv 3->6 5x5,
// pool, conv 6->16 5x5, pool, fc 400-120-84-10, cross entropy, SGD momentum)
// at batch 4, in milliseconds per step. Usage: node bench/cifar-step.mjs [backend]
import * as torch from "@taimatsu/core";
import "@taimatsu/cpu-native";

const F = torch.nn.functional;

function lenet() {
  const p = (shape, fanIn) => torch.randn(shape).mul(1 / Math.sqrt(fanIn)).requiresGrad_(true);
  return {
    c1w: p([6, 3, 5, 5], 75), c1b: p([6], 75), c2w: p([16, 6, 5, 5], 150), c2b: p([16], 150),
    f1w: p([120, 400], 400), f1b: p([120], 400), f2w: p([84, 120], 120), f2b: p([84], 120), f3w: p([10, 84], 84), f3b: p([10], 84),
  };
}

function forward(m, x) {
  let h = F.maxPool2d(torch.relu(F.conv2d(x, m.c1w, m.c1b)), 2);
  h = F.maxPool2d(torch.relu(F.conv2d(h, m.c2w, m.c2b)), 2);
  h = h.flatten(1);
  h = torch.relu(F.linear(h, m.f1w, m.f1b));
  h = torch.relu(F.linear(h, m.f2w, m.f2b));
  return F.linear(h, m.f3w, m.f3b);
}

export function cifarStepMs(backend, steps = 300) {
  return torch.backends.withBackend(backend, () => {
    const m = lenet();
    const opt = new torch.optim.SGD(Object.values(m), { lr: 0.001, momentum: 0.9 });
    const x = torch.randn([4, 3, 32, 32]);
    const y = torch.tensor([1, 5, 3, 9]);
    const step = () =>
      torch.scope(() => {
        opt.zeroGrad();
        const loss = F.crossEntropy(forward(m, x), y);
        loss.backward();
        opt.step();
      });
    for (let i = 0; i < Math.min(50, steps); i++) step();
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) step();
    return (performance.now() - t0) / steps;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const b of process.argv[2] ? [process.argv[2]] : ["cpu-native", "reference"])
    console.log(`${b.padEnd(11)} CIFAR LeNet step (batch 4): ${cifarStepMs(b, b === "reference" ? 30 : 300).toFixed(3)} ms`);
}
