// sgemm GFLOP/s on cpu-native (BLAS and builtin paths) for square sizes.
// Usage: node bench/gemm.mjs [size...]   (default 1024)
import * as torch from "@taimatsu/core";
import { info, setGemm, setNumThreads } from "@taimatsu/cpu-native";

export function gemmGflops(n, mode, dtype = "float32", seconds = 1.5) {
  setGemm(mode);
  const a = torch.randn([n, n], { dtype });
  const b = torch.randn([n, n], { dtype });
  const out = torch.empty([n, n], { dtype });
  const prim = a.storage.backend.primitives;
  const run = () => prim.matmul(out.kernelView, a.kernelView, b.kernelView);
  run();
  let iters = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < seconds * 1000 || iters < 3) {
    run();
    iters++;
    t = performance.now();
  }
  setGemm("blas");
  return (2 * n ** 3 * iters) / ((t - t0) / 1000) / 1e9;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.env.TAIMATSU_NUM_THREADS) setNumThreads(Number(process.env.TAIMATSU_NUM_THREADS));
  const sizes = process.argv.slice(2).map(Number);
  console.log(JSON.stringify(info()));
  for (const n of sizes.length ? sizes : [1024])
    for (const mode of ["blas", "builtin"])
      console.log(`sgemm ${n} ${mode.padEnd(8)} ${gemmGflops(n, mode).toFixed(1)} GFLOP/s`);
}
