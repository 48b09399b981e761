import type { backends } from "@taimatsu/core";
import { hostKernel } from "../host.js";
import { empty, putNumbers, putTensors, windowCount } from "./tensors.js";

const kernel = hostKernel("avgPool2d");

export const avgPool2d: backends.FusedKernels["avgPool2d"] = (input, a) => {
  const [N, C, H, W] = input.shape as number[];
  const oH = windowCount(H!, a.kernelSize[0], a.stride[0], a.padding[0], 1, a.ceilMode);
  const oW = windowCount(W!, a.kernelSize[1], a.stride[1], a.padding[1], 1, a.ceilMode);
  const out = empty([N!, C!, oH, oW], input.dtype);
  const at = putNumbers(0, ...a.kernelSize, ...a.stride, ...a.padding, a.countIncludePad, a.divisorOverride !== null, a.divisorOverride ?? 0);
  putTensors(at, out, input);
  kernel();
  return out;
};
