import type { backends } from "@taimatsu/core";
import { args, putView } from "../args.js";
import { UNARY_CODE } from "../codes.js";
import { hostKernel } from "../host.js";

const kernel = hostKernel("unary");

export function unary(op: backends.UnaryOp, out: backends.View, a: backends.View): void {
  args[0] = UNARY_CODE[op];
  putView(putView(1, out), a);
  kernel();
}
