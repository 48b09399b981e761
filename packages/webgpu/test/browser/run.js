// Runs in the page: the conformance suite on the webgpu backend (SwiftShader
// in headless Chromium), then a few training steps of a small network on
// webgpu and on the reference backend. The outcome is left in window.__result.
import * as torch from "@taimatsu/core";
import { runConformance } from "@taimatsu/core/testing";
import * as webgpu from "@taimatsu/webgpu";

/** A test runner just big enough for runConformance: collects the cases, runs them in order. */
function collect() {
  const tests = [];
  const skipped = [];
  const path = [];
  const it = (name, fn) => tests.push({ name: [...path, name].join(" > "), fn });
  it.skip = (name) => skipped.push([...path, name].join(" > "));
  return {
    tests,
    skipped,
    api: {
      describe(name, fn) {
        path.push(name);
        fn();
        path.pop();
      },
      it,
    },
  };
}

async function conformance(filter) {
  const { tests, skipped, api } = collect();
  // the suite sweeps the dtypes the backend declares and skips ops that need others (float64, float16)
  runConformance({ backend: "webgpu", test: api });
  const failures = [];
  let passed = 0;
  let run = 0;
  const slowest = [];
  for (const t of tests) {
    if (filter && !filter.test(t.name)) continue;
    run++;
    const start = performance.now();
    try {
      await t.fn();
      passed++;
    } catch (e) {
      const message = String(e?.message ? e.message : e);
      failures.push(`${t.name}: ${message.slice(0, 600)}`);
      // an error a kernel left deferred must not be blamed on the next case
      await torch.backends.synchronize("webgpu").catch(() => {});
    }
    slowest.push([performance.now() - start, t.name]);
  }
  slowest.sort((a, b) => b[0] - a[0]);
  return {
    total: tests.length,
    run,
    passed,
    failures,
    skipped: skipped.length,
    slowest: slowest.slice(0, 40).map(([ms, name]) => `${Math.round(ms)} ms ${name}`),
  };
}

const F = torch.nn.functional;

/** PyTorch's "Training a Classifier" network. */
class Net extends torch.nn.Module {
  conv1 = new torch.nn.Conv2d(3, 6, 5);
  pool = new torch.nn.MaxPool2d(2, 2);
  conv2 = new torch.nn.Conv2d(6, 16, 5);
  fc1 = new torch.nn.Linear(16 * 5 * 5, 120);
  fc2 = new torch.nn.Linear(120, 84);
  fc3 = new torch.nn.Linear(84, 10);
  forward(x) {
    x = this.pool.call(F.relu(this.conv1.call(x)));
    x = this.pool.call(F.relu(this.conv2.call(x)));
    x = F.relu(this.fc1.call(torch.flatten(x, 1)));
    return this.fc3.call(F.relu(this.fc2.call(x)));
  }
}

/** SGD steps (momentum) of the tutorial network on `device` from the same weights and batches; the losses. */
async function train(device, init, batches) {
  const net = new Net();
  for (const [name, p] of net.namedParameters()) torch.noGrad(() => p.copy_(torch.tensor(init[name]).reshape(p.shape)));
  net.to(device);
  const opt = new torch.optim.SGD(net.parameters(), { lr: 0.01, momentum: 0.9 });
  const lossFn = new torch.nn.CrossEntropyLoss();
  const losses = [];
  for (const b of batches) {
    const loss = await torch.scope(async () => {
      opt.zeroGrad();
      const loss = lossFn.call(net.call(torch.tensor(b.x).to(device)), torch.tensor(b.y).to(device));
      loss.backward();
      opt.step();
      return await loss.itemAsync();
    });
    losses.push(loss);
  }
  return losses;
}

async function training() {
  torch.manualSeed(3);
  const init = Object.fromEntries([...new Net().namedParameters()].map(([n, p]) => [n, p.detach().flatten().tolist()]));
  const batches = [0, 1, 2].map(() => ({ x: torch.randn([4, 3, 32, 32]).tolist(), y: torch.randint(0, 10, [4]).tolist() }));
  const webgpuLosses = await train("webgpu", init, batches);
  const reference = await train("cpu", init, batches); // the page loads no other cpu backend: this is the reference backend
  return { webgpu: webgpuLosses, reference };
}

/**
 * Shapes past one workgroup (the suite's are small): reductions over more
 * elements than a workgroup has threads, matmul over several tiles, and a
 * gather with an index out of range, against the reference backend.
 */
async function largerShapes() {
  torch.manualSeed(5);
  const x = torch.randn([3, 1000]);
  const a = torch.randn([70, 50]);
  const b = torch.randn([50, 40]);
  const g = (t) => t.to("webgpu");
  const cases = {
    "sum(1)": [g(x).sum(1), x.sum(1)],
    "sum()": [g(x).sum(), x.sum()],
    "amax(1)": [g(x).amax(1), x.amax(1)],
    "argmax(1)": [g(x).argmax(1), x.argmax(1)],
    "cumsum(1)": [g(x).cumsum(1), x.cumsum(1)],
    matmul: [g(a).matmul(g(b)), a.matmul(b)],
    "matmul(transposed)": [g(b).t().matmul(g(a).t()), b.t().matmul(a.t())],
  };
  const maxError = {};
  for (const [name, [got, want]] of Object.entries(cases)) {
    const values = Array.from(await got.data(), Number);
    const expected = Array.from(want.dataSync(), Number);
    maxError[name] =
      values.length !== expected.length ? Number.POSITIVE_INFINITY : Math.max(...values.map((v, i) => Math.abs(v - expected[i]) / (1 + Math.abs(expected[i]))));
  }
  let indexError = null;
  try {
    await g(torch.tensor([1, 2, 3]))
      .gather(0, g(torch.tensor([0, 7])))
      .data();
  } catch (e) {
    indexError = `${e.name}: ${e.message}`;
  }
  return { maxError, indexError };
}

async function main() {
  const params = new URLSearchParams(location.search);
  const ok = await webgpu.init();
  if (!ok) throw new Error(`no WebGPU adapter: ${webgpu.unavailableReason()}`);
  const filter = params.get("filter") ? new RegExp(params.get("filter")) : null;
  const x = torch
    .tensor([
      [1, -2, 3],
      [4, 5, -6],
    ])
    .to("webgpu");
  const smoke = Array.from(await x.abs().add(1).sum(1).data(), Number);
  window.__result = {
    info: webgpu.info(),
    smoke,
    larger: await largerShapes(),
    training: params.get("training") === "0" ? null : await training(),
    conformance: params.get("conformance") === "0" ? null : await conformance(filter),
    pipelines: webgpu.info().pipelines,
  };
}

main().catch((e) => {
  window.__result = { error: String(e?.stack ? e.stack : e) };
});
