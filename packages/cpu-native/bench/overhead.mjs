// Per-op overhead: a tiny add (and a few other tiny ops) on cpu-native vs the
// reference backend, in microseconds per op. Usage: node bench/overhead.mjs
import * as torch from "@taimatsu/core";
import { setNumThreads } from "@taimatsu/cpu-native";

function time(label, fn, iters = 200_000) {
  for (let i = 0; i < iters / 10; i++) fn();  // warm up the JIT
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iters; i++) fn();
  const us = Number(process.hrtime.bigint() - t0) / 1e3 / iters;
  return { label, us };
}

export function overhead() {
  const rows = [];
  for (const backend of ["reference", "cpu-native"]) {
    torch.backends.withBackend(backend, () => {
      const a = torch.ones([4]);
      const b = torch.ones([4]);
      rows.push({ backend, ...time("add [4]", () => torch.noGrad(() => a.add(b))) });
      rows.push({ backend, ...time("add_ [4] (in place)", () => torch.noGrad(() => a.add_(b))) });
      const m = torch.ones([4, 16]);
      const w = torch.ones([16, 8]);
      rows.push({ backend, ...time("matmul [4,16]@[16,8]", () => torch.noGrad(() => m.matmul(w)), 100_000) });
      rows.push({ backend, ...time("sum [4,16]", () => torch.noGrad(() => m.sum()), 100_000) });
      const prim = a.storage.backend.primitives;
      const va = a.kernelView, vb = b.kernelView;
      rows.push({ backend, ...time("primitive binary add [4] (no core)", () => prim.binary("add", va, va, vb), 1_000_000) });
    });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  setNumThreads(Number(process.env.TAIMATSU_NUM_THREADS ?? 2));
  for (const r of overhead()) console.log(`${r.backend.padEnd(11)} ${r.label.padEnd(36)} ${r.us.toFixed(3)} us/op`);
}
