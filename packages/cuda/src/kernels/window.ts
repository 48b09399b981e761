import type { backends } from "@taimatsu/core";
import type { CudaDevice } from "../runtime/device.js";
import { numel, packRaw, suffix } from "./views.js";

type View = backends.View;

const windowFields = (w: backends.Window2d) => [w.kernel[0], w.kernel[1], w.stride[0], w.stride[1], w.padding[0], w.padding[1], w.dilation[0], w.dilation[1]];

export function unfold2d(dev: CudaDevice, out: View, input: View, window: backends.Window2d, padValue: number): void {
  const n = numel(out.shape);
  dev.launch(`unfold2d_${suffix(out.dtype)}`, n, (p) => {
    packRaw(p, out);
    packRaw(p, input);
    p.i32s(windowFields(window));
    p.f64(padValue);
    p.i64(n);
  });
}

export function fold2d(dev: CudaDevice, out: View, cols: View, window: backends.Window2d): void {
  const n = numel(out.shape);
  dev.launch(`fold2d_${suffix(out.dtype)}`, n, (p) => {
    packRaw(p, out);
    packRaw(p, cols);
    p.i32s(windowFields(window));
    p.i64(n);
  });
}
