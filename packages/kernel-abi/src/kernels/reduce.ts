import type { backends } from "@taimatsu/core";
import { args, putView } from "../args.js";
import { REDUCE_CODE } from "../codes.js";
import { hostKernel } from "../host.js";

const kernel = hostKernel("reduce");

export function reduce(op: backends.ReduceOp, out: backends.View, a: backends.View, axes: readonly number[]): void {
  args[0] = REDUCE_CODE[op];
  args[1] = axes.length;
  for (let i = 0; i < axes.length; i++) args[2 + i] = axes[i]!;
  putView(putView(2 + axes.length, out), a);
  kernel();
}
