// The CUDA backend's benchmarks, one JSON line per measurement:
//   sgemm 8192 float32 (TF32 off), TFLOP/s
//   the tutorial network's training step at batch 4, steps/s
//   ResNet-20 training at batch 512 float32, images/s
// Usage (from the repository root, after building): node packages/cuda/bench/gpu-bench.mjs [device] [--quick]
// The device defaults to "cuda"; "cpu" runs the same code on the CPU (a smoke test of this script).
import * as torch from "@taimatsu/core";
import * as cuda from "@taimatsu/cuda";
import { Net, resnet20 } from "@taimatsu/models";

const device = process.argv[2] && !process.argv[2].startsWith("--") ? process.argv[2] : "cuda";
const quick = process.argv.includes("--quick");
const F = torch.nn.functional;
if (device.startsWith("cuda") && !torch.backends.isAvailable("cuda")) {
  console.error(`cuda is not available: ${cuda.unavailable()}`);
  process.exit(1);
}

const sync = () => torch.backends.synchronize(device);
const report = (o) => console.log(JSON.stringify({ impl: "taimatsu", device, ...o }));

async function timed(fn, { warmup, seconds, minIters }) {
  for (let i = 0; i < warmup; i++) await fn();
  await sync();
  let n = 0;
  const t0 = performance.now();
  while (n < minIters || performance.now() - t0 < seconds * 1000) {
    await fn();
    n++;
    if (n % 10 === 0) await sync();
  }
  await sync();
  return (performance.now() - t0) / 1000 / n;
}

async function sgemm() {
  const n = quick ? 256 : 8192;
  const a = torch.randn([n, n], { device });
  const b = torch.randn([n, n], { device });
  const s = await timed(() => torch.scope(() => void a.matmul(b)), { warmup: 2, seconds: 2, minIters: 5 });
  report({ bench: "sgemm", n, tflops: (2 * n ** 3) / s / 1e12 });
}

async function tutorialStep() {
  const net = new Net().to(device);
  const opt = new torch.optim.SGD(net.parameters(), { lr: 0.001, momentum: 0.9 });
  const x = torch.randn([4, 3, 32, 32], { device });
  const y = torch.tensor([1, 5, 3, 9]).to(device);
  const step = () =>
    torch.scope(() => {
      opt.zeroGrad();
      F.crossEntropy(net.forward(x), y).backward();
      opt.step();
    });
  const s = await timed(step, { warmup: 20, seconds: quick ? 0.5 : 3, minIters: 20 });
  report({ bench: "tutorial-step", batch: 4, stepsPerSecond: 1 / s });
}

async function resnetStep() {
  const batch = quick ? 8 : 512;
  const net = resnet20().to(device);
  net.train();
  const opt = new torch.optim.SGD(net.parameters(), { lr: 0.1, momentum: 0.9, weightDecay: 1e-4 });
  const x = torch.randn([batch, 3, 32, 32], { device });
  const y = torch.randint(0, 10, [batch]).to(device);
  const step = () =>
    torch.scope(() => {
      opt.zeroGrad();
      F.crossEntropy(net.forward(x), y).backward();
      opt.step();
    });
  const s = await timed(step, { warmup: 3, seconds: quick ? 0.5 : 5, minIters: 5 });
  report({ bench: "resnet20-train", batch, imagesPerSecond: batch / s });
}

const only = process.env.BENCH_ONLY?.split(",");
for (const [name, fn] of [["sgemm", sgemm], ["tutorial-step", tutorialStep], ["resnet20-train", resnetStep]]) {
  if (only && !only.includes(name)) continue;
  try {
    await fn();
  } catch (e) {
    report({ bench: name, error: String(e?.stack ?? e).split("\n").slice(0, 3).join(" | ") });
  }
}
