import type { backends } from "@taimatsu/core";
import { putView } from "../args.js";
import { hostKernel } from "../host.js";
import { putWindow } from "./window.js";

const kernel = hostKernel("fold2d");

export function fold2d(out: backends.View, cols: backends.View, window: backends.Window2d): void {
  putView(putView(putWindow(0, window), out), cols);
  kernel();
}
