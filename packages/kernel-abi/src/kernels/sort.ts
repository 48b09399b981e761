import type { backends } from "@taimatsu/core";
import { args, putView } from "../args.js";
import { hostKernel } from "../host.js";

const kernel = hostKernel("sort");

export function sort(values: backends.View, indices: backends.View, a: backends.View, axis: number, descending: boolean): void {
  args[0] = axis;
  args[1] = descending ? 1 : 0;
  putView(putView(putView(2, values), indices), a);
  kernel();
}
