import type { backends } from "@taimatsu/core";
import { args, putView } from "../args.js";
import { hostKernel } from "../host.js";
import { putWindow } from "./window.js";

const kernel = hostKernel("unfold2d");

export function unfold2d(out: backends.View, input: backends.View, window: backends.Window2d, padValue: number): void {
  const at = putWindow(0, window);
  args[at] = padValue;
  putView(putView(at + 1, out), input);
  kernel();
}
