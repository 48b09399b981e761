import type { backends } from "@taimatsu/core";
import type { CudaDevice } from "../runtime/device.js";
import { gemmPlan } from "./gemm-plan.js";
import { addressOf, numel, packRaw, suffix } from "./views.js";

type View = backends.View;

/** Float32/float64 products go to cuBLAS when it is installed and the layout fits; the rest to the plain kernel. */
export function matmul(dev: CudaDevice, out: View, a: View, b: View): void {
  const r = out.shape.length;
  if (r > 8) throw new RangeError(`matmul on cuda: at most 6 batch dims, got ${r - 2}`);
  if ((out.dtype === "float32" || out.dtype === "float64") && dev.blasReady()) {
    const plan = gemmPlan(out, a, b);
    if (plan) {
      const size = out.dtype === "float32" ? 4 : 8;
      dev.driver.gemm(
        dev.index, out.dtype === "float64", plan.transFirst, plan.transSecond, plan.m, plan.n, plan.k,
        addressOf(b) + b.offset * size, plan.ldFirst, plan.strideFirst,
        addressOf(a) + a.offset * size, plan.ldSecond, plan.strideSecond,
        addressOf(out) + out.offset * size, plan.ldOut, plan.strideOut, plan.batch,
      );
      return;
    }
  }
  const n = numel(out.shape);
  dev.launch(`matmul_${suffix(out.dtype)}`, n, (p) => {
    packRaw(p, out);
    packRaw(p, a);
    packRaw(p, b);
    p.i64(n);
    p.i64(a.shape[r - 1]!);
  });
}
