// Runs in the page: a few training steps of the tutorial network on wasm and
// on the reference backend, then the conformance suite on the wasm backend
// (?threads=n sets the thread count first; ?conformance=0 skips the suite).
// The outcome is left in window.__result for the test to read.
import * as torch from "@taimatsu/core";
import { runConformance } from "@taimatsu/core/testing";
import * as wasm from "@taimatsu/wasm";

/** A test runner just big enough for runConformance: collects the cases, runs them in order. */
function collect() {
  const tests = [];
  const path = [];
  return {
    tests,
    api: {
      describe(name, fn) {
        path.push(name);
        fn();
        path.pop();
      },
      it(name, fn) {
        tests.push({ name: [...path, name].join(" > "), fn });
      },
    },
  };
}

async function conformance(filter) {
  const { tests, api } = collect();
  runConformance({ backend: "wasm", test: api });
  const failures = [];
  let passed = 0;
  for (const t of tests) {
    if (filter && !filter.test(t.name)) continue;
    try {
      await t.fn();
      passed++;
    } catch (e) {
      failures.push(`${t.name}: ${String(e && e.message ? e.message : e).slice(0, 500)}`);
    }
  }
  return { total: tests.length, passed, failures };
}

const F = torch.nn.functional;

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

/** Three SGD steps of the tutorial network from the same weights and batches; the losses. */
function train(backend, init, batches) {
  return torch.backends.withBackend(backend, () => {
    const net = new Net();
    for (const [name, p] of net.namedParameters()) torch.noGrad(() => p.copy_(torch.tensor(init[name]).reshape(p.shape)));
    const opt = new torch.optim.SGD(net.parameters(), { lr: 0.01, momentum: 0.9 });
    const lossFn = new torch.nn.CrossEntropyLoss();
    return batches.map((b) =>
      torch.scope(() => {
        opt.zeroGrad();
        const loss = lossFn.call(net.call(torch.tensor(b.x)), torch.tensor(b.y));
        loss.backward();
        opt.step();
        return loss.item();
      }),
    );
  });
}

function training() {
  torch.manualSeed(3);
  const init = Object.fromEntries([...new Net().namedParameters()].map(([n, p]) => [n, p.detach().flatten().tolist()]));
  const batches = [0, 1, 2].map(() => ({ x: torch.randn([4, 3, 32, 32]).tolist(), y: torch.randint(0, 10, [4]).tolist() }));
  return { wasm: train("wasm", init, batches), reference: train("reference", init, batches) };
}

/**
 * A product large enough to be split across threads, on wasm and on the reference backend: the largest
 * difference. The calling thread takes chunks too, and on a busy machine may take them all before the
 * worker wakes: the product runs again (a few times at most) until the worker has run a chunk.
 */
function bigMatmul() {
  const a = torch.randn([256, 300]), b = torch.randn([300, 200]);
  const before = wasm.info().workerChunks;
  let product = a.matmul(b);
  for (let i = 0; i < 50 && wasm.info().threaded && wasm.info().workerChunks === before; i++) product = a.matmul(b);
  const got = product.flatten().tolist();
  const want = torch.backends.withBackend("reference", () => torch.tensor(a.tolist()).matmul(torch.tensor(b.tolist())).flatten().tolist());
  return got.reduce((m, v, i) => Math.max(m, Math.abs(v - want[i])), 0);
}

async function main() {
  const params = new URLSearchParams(location.search);
  await wasm.ready();
  if (params.get("threads")) {
    wasm.setNumThreads(Number(params.get("threads")));
    await wasm.ready(); // the workers run
  }
  const filter = params.get("filter") ? new RegExp(params.get("filter")) : null;
  const result = {
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    backend: torch.zeros([1]).storage.backend.name,
    training: training(),
    matmulError: bigMatmul(),
    info: wasm.info(),
    conformance: params.get("conformance") === "0" ? null : await conformance(filter),
  };
  window.__result = result;
}

main().catch((e) => {
  window.__result = { error: String(e && e.stack ? e.stack : e) };
});
