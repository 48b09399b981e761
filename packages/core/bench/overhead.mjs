// Core's per-op overhead on tiny tensors, in microseconds per op, on the
// reference backend and on cpu-native when it can be imported, plus one
// training step of the CIFAR-10 tutorial network at batch 4 and the number of
// Tensor objects that step creates.
//
// Runs against dist: `pnpm --filter @taimatsu/core build` first, then
//   node bench/overhead.mjs [--reps N] [--only add,relu,step] [--backend reference] [--clock cpu] [--scale 0.2]
//
// The kernels on tensors this small cost well under a microsecond, so what is
// measured is core: argument checks, shape/dtype inference, Tensor and Storage
// construction, scope tracking and autograd recording. Each case runs inside
// torch.scope in batches, as a training loop does, so memory stays flat and
// disposal is part of the cost. Several repetitions are taken per case and the
// median reported; the backends alternate within a repetition so that machine
// noise hits both alike. For the tutorial step it also reports how the time
// splits between calls into the backend (allocator, primitives, fused kernels)
// and everything else (core, the network's JS, garbage collection).
//
// cpu-native runs single-threaded (TAIMATSU_NUM_THREADS overrides): at batch 4
// threads buy little, and on a shared machine they add noise.
import * as torch from "../dist/index.js";
import { TutorialNet } from "../../../bench/lib/networks.mjs";

async function loadNative() {
  try {
    const m = await import("../../cpu-native/dist/index.js");
    m.setNumThreads?.(Number(process.env.TAIMATSU_NUM_THREADS ?? 1));
    return true;
  } catch (e) {
    console.error(`(cpu-native not importable: ${String(e.message).split("\n")[0]})`);
    return false;
  }
}

function parseArgs(argv) {
  const args = { reps: 5, only: null, backends: null, scale: 1, clock: "wall" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--reps") args.reps = Number(argv[++i]);
    else if (a === "--only") args.only = argv[++i].split(",");
    else if (a === "--backend") args.backends = argv[++i].split(",");
    else if (a === "--scale") args.scale = Number(argv[++i]);
    else if (a === "--clock") args.clock = argv[++i];
  }
  return args;
}

/**
 * Microseconds now: wall clock, or with `--clock cpu` this process's CPU time
 * (user + system), which a machine shared with other jobs inflates less.
 */
let clock = () => Number(process.hrtime.bigint()) / 1e3;
function useCpuClock() {
  clock = () => {
    const c = process.cpuUsage();
    return c.user + c.system;
  };
}

/** Calls `fn` `iters` times in scoped batches; µs per call. */
function timeScoped(fn, iters, batch = 100) {
  const t0 = clock();
  for (let done = 0; done < iters; done += batch) {
    torch.scope(() => {
      for (let i = 0; i < batch; i++) fn();
    });
  }
  return (clock() - t0) / iters;
}

/** The micro cases: each returns [fn, iterations] built on the active backend. */
const MICRO = {
  "add [4]+[4]": () => {
    const a = torch.ones([4]);
    const b = torch.ones([4]);
    return [() => a.add(b), 50_000];
  },
  "add [4]+scalar": () => {
    const a = torch.ones([4]);
    return [() => a.add(2), 50_000];
  },
  "mul [4]*[4] requiresGrad": () => {
    const a = torch.ones([4]).requiresGrad_(true);
    const b = torch.ones([4]);
    return [() => a.mul(b), 50_000];
  },
  "matmul [4,10]@[10,10]": () => {
    const a = torch.ones([4, 10]);
    const b = torch.ones([10, 10]);
    return [() => a.matmul(b), 30_000];
  },
  "sum [4,10]": () => {
    const a = torch.ones([4, 10]);
    return [() => a.sum(), 50_000];
  },
  "reshape [4,10]->[40]": () => {
    const a = torch.ones([4, 10]);
    return [() => a.reshape([40]), 100_000];
  },
  "relu [4,10]": () => {
    const a = torch.randn([4, 10]);
    return [() => a.relu(), 30_000];
  },
};

/** One tutorial training step (zeroGrad, forward, cross entropy, backward, SGD momentum) at batch 4. */
function tutorialStep() {
  torch.manualSeed(0);
  const net = TutorialNet(torch);
  const opt = new torch.optim.SGD(net.parameters(), { lr: 0.001, momentum: 0.9 });
  const lossFn = new torch.nn.CrossEntropyLoss();
  const x = torch.randn([4, 3, 32, 32]);
  const y = torch.tensor([1, 5, 3, 9]);
  return () =>
    torch.scope(() => {
      opt.zeroGrad();
      lossFn.call(net.call(x), y).backward();
      opt.step();
    });
}

/**
 * Tensor objects one step creates: those its scope disposes (counted by
 * wrapping `dispose`) plus those that outlive it (the kept gradients).
 */
function tensorsPerStep(backend) {
  return torch.backends.withBackend(backend, () => {
    const step = tutorialStep();
    step();
    step();
    const proto = torch.Tensor.prototype;
    const dispose = proto.dispose;
    let disposed = 0;
    proto.dispose = function () {
      if (!this.isDisposed) disposed++;
      return dispose.call(this);
    };
    let created = 0;
    try {
      torch.scope(() => {
        const before = torch.memory().tensors;
        const disposedBefore = disposed;
        step();
        created = torch.memory().tensors - before + (disposed - disposedBefore);
      });
    } finally {
      proto.dispose = dispose;
    }
    return created;
  });
}

/**
 * Splits a step's time into time spent inside the backend (its allocator,
 * primitives and fused kernels, timed at the outermost call) and the rest:
 * core, the network's JS and garbage collection. Wraps the backend object's
 * functions for the duration of the measurement.
 */
function backendShare(backend, step, steps) {
  const b = torch.backends.getBackendByName(backend);
  let depth = 0;
  let inside = 0;
  const restore = [];
  const wrap = (obj) => {
    if (!obj) return;
    for (const [k, f] of Object.entries(obj)) {
      if (typeof f !== "function") continue;
      obj[k] = function (...args) {
        if (depth++ > 0) {
          try { return f.apply(this, args); } finally { depth--; }
        }
        const t0 = performance.now();
        try {
          return f.apply(this, args);
        } finally {
          depth--;
          inside += performance.now() - t0;
        }
      };
      restore.push(() => (obj[k] = f));
    }
  };
  wrap(b.allocator);
  wrap(b.primitives);
  wrap(b.fused);
  try {
    return torch.backends.withBackend(backend, () => {
      for (let i = 0; i < 10; i++) step();
      inside = 0;
      const t0 = performance.now();
      for (let i = 0; i < steps; i++) step();
      const total = (performance.now() - t0) * 1000 / steps;
      return { total, backend: (inside * 1000) / steps };
    });
  } finally {
    for (const r of restore) r();
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Builds every case on every backend: key "backend|case" to [fn, iterations]. */
function prepare(backends, cases, includeStep) {
  const prepared = new Map();
  for (const b of backends) {
    torch.backends.withBackend(b, () => {
      for (const c of cases) prepared.set(`${b}|${c}`, MICRO[c]());
      if (includeStep) prepared.set(`${b}|step`, [tutorialStep(), b === "reference" ? 20 : 100]);
    });
  }
  return prepared;
}

/** µs per op of every case, `reps` times, alternating backends within each repetition. */
function measure(prepared, backends, names, args) {
  const batchOf = (c) => (c === "step" ? 1 : 100);
  // warm the JIT on every case first
  for (const [key, [fn, iters]] of prepared) {
    const [b, c] = key.split("|");
    torch.backends.withBackend(b, () => timeScoped(fn, Math.ceil(iters / 5), batchOf(c)));
  }
  const results = new Map(names.flatMap((c) => backends.map((b) => [`${b}|${c}`, []])));
  for (let r = 0; r < args.reps; r++) {
    for (const c of names) {
      for (const b of backends) {
        const [fn, iters] = prepared.get(`${b}|${c}`);
        const n = Math.max(1, Math.round(iters * args.scale));
        results.get(`${b}|${c}`).push(torch.backends.withBackend(b, () => timeScoped(fn, n, batchOf(c))));
      }
    }
  }
  return results;
}

function printTable(results, backends, names, args) {
  const label = (c) => (c === "step" ? "tutorial step (b4, fwd+bwd+SGD)" : c);
  console.log(`${"case".padEnd(34)}${backends.map((b) => b.padStart(14)).join("")}   (µs/op, ${args.clock} clock, median of ${args.reps})`);
  for (const c of names) {
    const row = backends.map((b) => median(results.get(`${b}|${c}`)).toFixed(2).padStart(14)).join("");
    console.log(`${label(c).padEnd(34)}${row}`);
  }
}

function printStepDetails(backends, reps) {
  for (const b of backends) console.log(`Tensor objects per tutorial step (${b}): ${tensorsPerStep(b)}`);
  for (const b of backends) {
    const step = torch.backends.withBackend(b, () => tutorialStep());
    const split = Array.from({ length: reps }, () => backendShare(b, step, b === "reference" ? 10 : 100));
    const inBackend = median(split.map((s) => s.backend));
    const rest = median(split.map((s) => s.total - s.backend));
    console.log(`tutorial step (${b}): ${inBackend.toFixed(0)} µs in backend calls, ${rest.toFixed(0)} µs in core, JS and GC (wall clock, medians)`);
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.clock === "cpu") useCpuClock();
  const native = await loadNative();
  const backends = (args.backends ?? ["reference", "cpu-native"]).filter((b) => b !== "cpu-native" || native);
  const cases = Object.keys(MICRO).filter((k) => !args.only || args.only.some((o) => k.startsWith(o)));
  const includeStep = !args.only || args.only.includes("step");
  const names = [...cases, ...(includeStep ? ["step"] : [])];
  const results = measure(prepare(backends, cases, includeStep), backends, names, args);
  printTable(results, backends, names, args);
  if (includeStep) printStepDetails(backends, args.reps);
}

await main();
