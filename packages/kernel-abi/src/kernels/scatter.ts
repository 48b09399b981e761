import type { backends } from "@taimatsu/core";
import { args, putView } from "../args.js";
import { hostKernel } from "../host.js";

const kernel = hostKernel("scatter");

export function scatter(out: backends.View, dim: number, index: backends.View, src: backends.View, mode: "assign" | "add"): void {
  args[0] = dim;
  args[1] = mode === "add" ? 1 : 0;
  putView(putView(putView(2, out), index), src);
  kernel();
}
