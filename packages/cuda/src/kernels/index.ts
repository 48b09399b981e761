import type { backends } from "@taimatsu/core";
import type { CudaDevice } from "../runtime/device.js";
import { numel, packRaw, suffix } from "./views.js";

type View = backends.View;

/** gather/scatter kernels range-check every index and report a bad one through the device's error flag. */
export function gather(dev: CudaDevice, out: View, src: View, dim: number, index: View): void {
  const n = numel(index.shape);
  if (n === 0) return;
  const flag = dev.errorFlag("gather", dim);
  dev.launch(`gather_${suffix(src.dtype)}_${suffix(index.dtype)}`, n, (p) => {
    packRaw(p, out);
    packRaw(p, src);
    p.i32(dim);
    packRaw(p, index);
    p.errorFlag(flag.slot, flag.tag);
    p.i64(n);
  });
}

export function scatter(dev: CudaDevice, out: View, dim: number, index: View, src: View, mode: "assign" | "add"): void {
  const n = numel(index.shape);
  if (n === 0) return;
  const flag = dev.errorFlag("scatter", dim);
  dev.launch(`scatter_${suffix(out.dtype)}_${suffix(index.dtype)}`, n, (p) => {
    packRaw(p, out);
    p.i32(dim);
    packRaw(p, index);
    packRaw(p, src);
    p.i32(mode === "add" ? 1 : 0);
    p.errorFlag(flag.slot, flag.tag);
    p.i64(n);
  });
}
