import type { backends } from "@taimatsu/core";
import { args, putView } from "../args.js";
import { hostKernel } from "../host.js";

const kernel = hostKernel("argReduce");

export function argReduce(op: "argmax" | "argmin", out: backends.View, a: backends.View, axis: number): void {
  args[0] = op === "argmax" ? 0 : 1;
  args[1] = axis;
  putView(putView(2, out), a);
  kernel();
}
