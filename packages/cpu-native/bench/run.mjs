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

const rows = overhead();
const us = (backend, label) => rows.find((r) => r.backend === backend && r.label === label)?.us;
const result = {
  cpuNative: info(),
  sgemm1024: { blas: gemmGflops(1024, "blas"), builtin: gemmGflops(1024, "builtin") },
  tinyAddUs: { cpuNative: us("cpu-native", "add [4]"), reference: us("reference", "add [4]"), primitiveOnly: us("cpu-native", "primitive binary add [4] (no core)") },
  lenetStepMs: { cpuNative: cifarStepMs("cpu-native"), reference: cifarStepMs("reference", 20) },
  pytorch: { default: pytorch({}), pinned: pytorch({ OPENBLAS_NUM_THREADS: "1", OMP_PROC_BIND: "true" }) },
};
console.log(JSON.stringify(result, null, 2));
