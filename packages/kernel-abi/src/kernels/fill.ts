import type { backends } from "@taimatsu/core";
import { args, putView } from "../args.js";
import { hostKernel } from "../host.js";

const kernel = hostKernel("fill");

export function fill(out: backends.View, value: number): void {
  args[0] = value;
  putView(1, out);
  kernel();
}
