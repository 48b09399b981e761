import type { backends } from "@taimatsu/core";
import { args, putView } from "../args.js";
import { hostKernel } from "../host.js";

const kernel = hostKernel("scan");
const OPS: Record<backends.ScanOp, number> = { sum: 0, prod: 1, max: 2, min: 3, logsumexp: 4 };

export function scan(op: backends.ScanOp, out: backends.View, a: backends.View, axis: number, indices: backends.View | null): void {
  args[0] = OPS[op];
  args[1] = axis;
  args[2] = indices ? 1 : 0;
  const next = putView(putView(3, out), a);
  if (indices) putView(next, indices);
  kernel();
}
