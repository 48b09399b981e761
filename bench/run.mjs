// `pnpm bench`: runs each case on Taimatsu and, when Debian's PyTorch is installed, on PyTorch in the
// same run with the same thread count, each case in a process of its own on both sides; prints a table
// and writes results/latest.json.
// Ratio > 1 means Taimatsu is faster. Usage: node run.mjs [--threads N] [--rounds R] [case-name-substring...]
// A case may also name baselines (other libraries, or another of our backends: cases/wasm.mjs), each
// measured in a process of its own too and listed under the case with our figure's ratio to it.
// These machines are noisy (other tenants share the host's caches for seconds at a time), so the whole
// comparison runs R times (default 2), alternating sides, and each side keeps its best figure.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
// PyTorch gets the environment as the user started us: backends may tune this process's own
// (cpu-native sets GOMP_SPINCOUNT), and that must not leak into the other side's runs.
const userEnv = { ...process.env };
const args = process.argv.slice(2);
const threadsAt = args.indexOf("--threads");
const threads = threadsAt >= 0 ? Number(args.splice(threadsAt, 2)[1]) : Math.min(os.cpus().length, 2);
const roundsAt = args.indexOf("--rounds");
const rounds = roundsAt >= 0 ? Number(args.splice(roundsAt, 2)[1]) : 2;
const onlyAt = args.indexOf("--only");
const only = onlyAt >= 0 ? args.splice(onlyAt, 2)[1] : null;
const baselineAt = args.indexOf("--baseline");
const baseline = baselineAt >= 0 ? args.splice(baselineAt, 2)[1] : null;
const filters = args.filter((a) => a !== "--");
process.env.TAIMATSU_NUM_THREADS = String(threads);

const cases = [];
for (const file of readdirSync(join(here, "cases")).sort()) {
  if (!file.endsWith(".mjs")) continue;
  const mod = await import(join(here, "cases", file));
  for (const c of mod.cases) if (!filters.length || filters.some((f) => c.name.includes(f))) cases.push(c);
}

if (only !== null) {
  // one case in this process, for the parent run: its figure is the last line printed
  const c = cases.find((k) => k.name === only);
  if (!c) throw new Error(`no bench case named ${only}`);
  const run = baseline === null ? c.run : c.baselines?.[baseline];
  if (!run) throw new Error(`bench case ${only} has no baseline ${baseline}`);
  const value = await run({ threads });
  console.log(JSON.stringify({ value, cifar10: process.env.TAIMATSU_BENCH_CIFAR10 ?? null }));
  process.exit(0);
}

/** Our figure for one case, measured in a fresh process as PyTorch's are: memory, loaded data and worker threads left by one case must not slow the next. */
function ours(name, baselineName) {
  const extra = baselineName ? ["--baseline", baselineName] : [];
  const text = execFileSync(process.execPath, [fileURLToPath(import.meta.url), "--threads", String(threads), "--only", name, ...extra], {
    env: { ...userEnv, TAIMATSU_NUM_THREADS: String(threads) },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const { value, cifar10 } = JSON.parse(text.trim().split("\n").at(-1));
  if (cifar10) process.env.TAIMATSU_BENCH_CIFAR10 = cifar10;
  return value;
}

const PYTHON = "/usr/bin/python3";
function hasTorch() {
  try {
    execFileSync(PYTHON, ["-c", "import torch"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** PyTorch figures under one environment; Debian's build stacks OpenBLAS threads on OpenMP's. */
function pytorch(names, env) {
  const out = {};
  try {
    const text = execFileSync(PYTHON, [join(here, "pytorch_cases.py"), String(threads), ...names], {
      // the extracted data set a case prepared is the one thing PyTorch must see from this run
      env: { ...userEnv, TAIMATSU_BENCH_CIFAR10: process.env.TAIMATSU_BENCH_CIFAR10 ?? "", ...env },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    for (const line of text.trim().split("\n").filter(Boolean)) {
      const { name, value } = JSON.parse(line);
      out[name] = value;
    }
  } catch (e) {
    console.error(`PyTorch run failed: ${e.message}`);
  }
  return out;
}

/** The better of two figures of a case (either may be missing). */
function better(c, a, b) {
  if (a === undefined || a === null) return b ?? null;
  if (b === undefined || b === null) return a;
  return c.higherIsBetter ? Math.max(a, b) : Math.min(a, b);
}

const torchFound = hasTorch();
if (!torchFound) console.log("PyTorch not found at /usr/bin/python3 (apt-get install python3-torch): reporting Taimatsu only");
const results = cases.map((c) => ({
  name: c.name, unit: c.unit, higherIsBetter: c.higherIsBetter, ours: null, pytorch: null, samples: { ours: [], pytorch: [] },
  baselines: Object.keys(c.baselines ?? {}).map((label) => ({ label, value: null, samples: [] })),
}));
for (let round = 1; round <= rounds; round++) {
  console.log(`round ${round} of ${rounds}`);
  for (const r of results) {
    process.stdout.write(`  taimatsu ${r.name} ... `);
    let figure = null;
    try {
      figure = ours(r.name);
    } catch (e) {
      console.log(`failed: ${e.message.split("\n")[0]}`);
    }
    if (figure === null) continue;
    console.log(`${figure.toFixed(2)} ${r.unit}`);
    r.samples.ours.push(figure);
    r.ours = better(r, r.ours, figure);
    for (const b of r.baselines) {
      process.stdout.write(`    vs ${b.label} ... `);
      try {
        const v = ours(r.name, b.label);
        console.log(`${v.toFixed(2)} ${r.unit}`);
        b.samples.push(v);
        b.value = better(r, b.value, v);
      } catch (e) {
        console.log(`failed: ${e.message.split("\n")[0]}`);
      }
    }
  }
  if (!torchFound) continue;
  // one process per case: state left by one case (loaded images, worker processes) must not slow the next
  for (const r of results) {
    // PyTorch's better figure of the two configurations
    const figure = better(r, pytorch([r.name], {})[r.name], pytorch([r.name], { OPENBLAS_NUM_THREADS: "1", OMP_PROC_BIND: "true" })[r.name]);
    if (figure === null) continue;
    console.log(`  pytorch  ${r.name} ... ${figure.toFixed(2)} ${r.unit}`);
    r.samples.pytorch.push(figure);
    r.pytorch = better(r, r.pytorch, figure);
  }
}

const table = results.map((r) => {
  const pt = r.pytorch;
  const ratio = r.ours !== null && pt !== null ? (r.higherIsBetter ? r.ours / pt : pt / r.ours) : null;
  const baselines = r.baselines.map((b) => ({
    label: b.label, value: b.value, samples: b.samples,
    ratio: r.ours !== null && b.value !== null ? (r.higherIsBetter ? r.ours / b.value : b.value / r.ours) : null,
  }));
  return { name: r.name, unit: r.unit, ours: r.ours, pytorch: pt, ratio, samples: r.samples, baselines };
});

const fmt = (v) => (v === null ? "-" : v >= 100 ? v.toFixed(0) : v.toFixed(2));
console.log(`\n${"case".padEnd(32)} ${"unit".padEnd(10)} ${"taimatsu".padStart(10)} ${"pytorch".padStart(10)} ${"ratio".padStart(7)}`);
for (const r of table) {
  console.log(`${r.name.padEnd(32)} ${r.unit.padEnd(10)} ${fmt(r.ours).padStart(10)} ${fmt(r.pytorch).padStart(10)} ${fmt(r.ratio).padStart(7)}`);
  for (const b of r.baselines) console.log(`  vs ${b.label.padEnd(28)} ${r.unit.padEnd(10)} ${"".padStart(10)} ${fmt(b.value).padStart(10)} ${fmt(b.ratio).padStart(7)}`);
}

const machine = `${os.cpus()[0]?.model ?? "unknown cpu"}, ${os.cpus().length} cores, ${threads} threads, best of ${rounds} rounds, node ${process.version}, ${new Date().toISOString()}`;
const dir = join(here, "results");
mkdirSync(dir, { recursive: true });
const tmp = join(dir, `.latest.json.${process.pid}`);
writeFileSync(tmp, JSON.stringify({ machine, cases: table }, null, 2));
renameSync(tmp, join(dir, "latest.json"));
console.log(`\nwrote ${join(dir, "latest.json")}`);
