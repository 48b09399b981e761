// Per-op overhead: tiny ops on cpu-native vs the reference backend, in
// microseconds per op. Ops run in torch.scope blocks of 100, as a training
// loop would, so tensors are freed deterministically rather than piling up
// for the garbage collector. Usage: node bench/overhead.mjs
import * as torch from "@taimatsu/core";
import { setNumThreads } from "@taimatsu/cpu-native";

function time(label, op, iters = 300_000) {
  const block = () => torch.scope(() => torch.noGrad(() => { for (let j = 0; j < 100; j++) op(); }));
  for (let i = 0; i < iters / 1000; i++) block();  // warm up the JIT
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iters / 100; i++) block();
  return { label, us: Number(process.hrtime.bigint() - t0) / 1e3 / iters };
}

export function overhead() {
  const rows = [];
  for (const backend of ["reference", "cpu-native"]) {
    torch.backends.withBackend(backend, () => {
      const a = torch.ones([4]);
      const b = torch.ones([4]);
      rows.push({ backend, ...time("add [4]", () => a.add(b)) });
      rows.push({ backend, ...time("add_ [4] (in place)", () => a.add_(b)) });
      const m = torch.ones([4, 16]);
      const w = torch.ones([16, 8]);
      rows.push({ backend, ...time("matmul [4,16]@[16,8]", () => m.matmul(w), 100_000) });
      rows.push({ backend, ...time("sum [4,16]", () => m.sum(), 100_000) });
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
