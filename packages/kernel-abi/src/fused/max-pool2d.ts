import type { backends } from "@taimatsu/core";
import { hostKernel } from "../host.js";
import { empty, putNumbers, putTensors, windowCount } from "./tensors.js";

const forward = hostKernel("maxPool2d");
const backward = hostKernel("maxPool2dBackward");

export const maxPool2d: backends.FusedKernels["maxPool2d"] = (input, a) => {
  const [N, C, H, W] = input.shape as number[];
  const oH = windowCount(H!, a.kernelSize[0], a.stride[0], a.padding[0], a.dilation[0], a.ceilMode);
  const oW = windowCount(W!, a.kernelSize[1], a.stride[1], a.padding[1], a.dilation[1], a.ceilMode);
  const out = empty([N!, C!, oH, oW], input.dtype);
  const indices = empty([N!, C!, oH, oW], "int64");
  const at = putNumbers(0, ...a.kernelSize, ...a.stride, ...a.padding, ...a.dilation);
  putTensors(at, out, indices, input);
  forward();
  return [out, indices];
};

export const maxPool2dBackward: backends.FusedKernels["maxPool2dBackward"] = (gradOutput, indices, a) => {
  const out = empty(a.inputShape, gradOutput.dtype);
  putTensors(0, out, gradOutput, indices);
  backward();
  return out;
};
