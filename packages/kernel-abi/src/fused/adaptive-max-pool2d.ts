import type { backends } from "@taimatsu/core";
import { hostKernel } from "../host.js";
import { empty, putTensors } from "./tensors.js";

const kernel = hostKernel("adaptiveMaxPool2d");

export const adaptiveMaxPool2d: backends.FusedKernels["adaptiveMaxPool2d"] = (input, a) => {
  const shape = [input.shape[0]!, input.shape[1]!, ...a.outputSize];
  const out = empty(shape, input.dtype);
  const indices = empty(shape, "int64");
  putTensors(0, out, indices, input);
  kernel();
  return [out, indices];
};
