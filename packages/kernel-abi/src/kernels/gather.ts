import type { backends } from "@taimatsu/core";
import { args, putView } from "../args.js";
import { hostKernel } from "../host.js";

const kernel = hostKernel("gather");

export function gather(out: backends.View, src: backends.View, dim: number, index: backends.View): void {
  args[0] = dim;
  putView(putView(putView(1, out), src), index);
  kernel();
}
