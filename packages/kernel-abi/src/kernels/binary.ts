import type { backends } from "@taimatsu/core";
import { args, putView } from "../args.js";
import { BINARY_CODE } from "../codes.js";
import { hostKernel } from "../host.js";

const kernel = hostKernel("binary");

export function binary(op: backends.BinaryOp, out: backends.View, a: backends.View, b: backends.View): void {
  args[0] = BINARY_CODE[op];
  putView(putView(putView(1, out), a), b);
  kernel();
}
