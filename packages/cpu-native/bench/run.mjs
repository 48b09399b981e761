// cpu-native vs PyTorch (/usr/bin/python3) vs the reference backend:
// sgemm 1024 GFLOP/s (BLAS and builtin GEMM), per-op overhead of a tiny add,
// and one CIFAR LeNet training step at batch 4. PyTorch runs twice: with the
// default environment and with OPENBLAS_NUM_THREADS=1 OMP_PROC_BIND=true.
// Usage: node bench/run.mjs   (TAIMATSU_NUM_THREADS sets the thread count, default 2)
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { info, setNumThreads } from "@taimatsu/cpu-native";
import { cifarStepMs } from "./cifar-step.mjs";
import { gemmGflops } from "./gemm.mjs";
import { overhead } from "./overhead.mjs";

const threads = Number(process.env.TAIMATSU_NUM_THREADS ?? 2);
setNumThreads(threads);
const here = dirname(fileURLToPath(import.meta.url));

function pytorch(env) {
  const r = spawnSync("/usr/bin/python3", [join(here, "pytorch_baseline.py"), String(threads)], { env: { ...process.env, ...env }, encoding: "utf8" });
  if (r.status !== 0) return { error: (r.stderr || "python3 failed").trim().split("\n").at(-1) };
  return JSON.parse(r.stdout.trim().split("\n").at(-1));
}

// Shared machines are noisy: every number is the best of a few interleaved runs.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const best = (runs, pick) => runs.reduce((a, b) => pick(a, b));
const collect = (fn) => Array.from({ length: ROUNDS }, fn);

const rounds = collect(() => ({
  rows: overhead(),
  blas: gemmGflops(1024, "blas"),
  builtin: gemmGflops(1024, "builtin"),
  lenet: cifarStepMs("cpu-native"),
  torchDefault: pytorch({}),
  torchPinned: pytorch({ OPENBLAS_NUM_THREADS: "1", OMP_PROC_BIND: "true" }),
}));
const us = (backend, label) => Math.min(...rounds.map((r) => r.rows.find((x) => x.backend === backend && x.label === label)?.us ?? Infinity));
const bestTorch = (key) => best(rounds.map((r) => r[key]), (a, b) => (a.error ? b : b.error ? a : {
  ...a, sgemm1024: Math.max(a.sgemm1024, b.sgemm1024), tinyAddUs: Math.min(a.tinyAddUs, b.tinyAddUs), lenetStepMs: Math.min(a.lenetStepMs, b.lenetStepMs),
}));
const result = {
  cpuNative: info(),
  sgemm1024: { blas: Math.max(...rounds.map((r) => r.blas)), builtin: Math.max(...rounds.map((r) => r.builtin)) },
  tinyAddUs: { cpuNative: us("cpu-native", "add [4]"), reference: us("reference", "add [4]"), primitiveOnly: us("cpu-native", "primitive binary add [4] (no core)") },
  lenetStepMs: { cpuNative: Math.min(...rounds.map((r) => r.lenet)), reference: cifarStepMs("reference", 20) },
  pytorch: { default: bestTorch("torchDefault"), pinned: bestTorch("torchPinned") },
  loadAverage: (await import("node:os")).loadavg(),
};
console.log(JSON.stringify(result, null, 2));
