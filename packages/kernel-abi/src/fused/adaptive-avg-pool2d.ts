import type { backends } from "@taimatsu/core";
import { hostKernel } from "../host.js";
import { empty, putTensors } from "./tensors.js";

const kernel = hostKernel("adaptiveAvgPool2d");

export const adaptiveAvgPool2d: backends.FusedKernels["adaptiveAvgPool2d"] = (input, a) => {
  const out = empty([input.shape[0]!, input.shape[1]!, ...a.outputSize], input.dtype);
  putTensors(0, out, input);
  kernel();
  return out;
};
