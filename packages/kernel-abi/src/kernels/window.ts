import type { backends } from "@taimatsu/core";
import { args } from "../args.js";

/** Writes a Window2d at `at` (kernel, stride, padding, dilation); returns the next slot. */
export function putWindow(at: number, w: backends.Window2d): number {
  args[at] = w.kernel[0];
  args[at + 1] = w.kernel[1];
  args[at + 2] = w.stride[0];
  args[at + 3] = w.stride[1];
  args[at + 4] = w.padding[0];
  args[at + 5] = w.padding[1];
  args[at + 6] = w.dilation[0];
  args[at + 7] = w.dilation[1];
  return at + 8;
}
