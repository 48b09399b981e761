import type { backends } from "@taimatsu/core";
import { putView } from "../args.js";
import { hostKernel } from "../host.js";

const kernel = hostKernel("matmul");

/** Strides go through untouched: the C++ side hands transposed views to BLAS as transposes. */
export function matmul(out: backends.View, a: backends.View, b: backends.View): void {
  putView(putView(putView(0, out), a), b);
  kernel();
}
