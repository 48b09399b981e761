import type { backends } from "@taimatsu/core";
import { putView } from "../args.js";
import { hostKernel } from "../host.js";

const kernel = hostKernel("where");

export function where(out: backends.View, cond: backends.View, a: backends.View, b: backends.View): void {
  putView(putView(putView(putView(0, out), cond), a), b);
  kernel();
}
