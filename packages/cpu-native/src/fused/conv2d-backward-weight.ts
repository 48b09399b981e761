import type { backends } from "@taimatsu/core";
import { native } from "../native.js";
import { empty, putNumbers, putTensors } from "./tensors.js";

const kernel = native.kernels.conv2dBackwardWeight!;

/** conv2d's weight gradient: gradOutput @ cols^T, accumulated over the batch. */
export const conv2dBackwardWeight: backends.FusedKernels["conv2dBackwardWeight"] = (gradOutput, input, a) => {
  const out = empty(a.weightShape, gradOutput.dtype);
  const at = putNumbers(0, a.stride[0], a.stride[1], a.padding[0], a.padding[1], a.dilation[0], a.dilation[1], a.groups);
  putTensors(at, out, gradOutput, input);
  kernel();
  return out;
};
