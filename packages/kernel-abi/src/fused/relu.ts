import type { backends } from "@taimatsu/core";
import { hostKernel } from "../host.js";
import { empty, gradInputBuffer, putTensors } from "./tensors.js";

const forward = hostKernel("relu");
const backward = hostKernel("reluBackward");

/** max(x, 0) in one pass (nan kept). */
export const relu: backends.FusedKernels["relu"] = (input) => {
  const out = empty(input.shape, input.dtype);
  putTensors(0, out, input);
  forward();
  return out;
};

/** 0 where relu's output is <= 0, else the incoming gradient; one pass (in place when gradOutput was donated). */
export const reluBackward: backends.FusedKernels["reluBackward"] = (gradOutput, output, attrs) => {
  const out = gradInputBuffer(gradOutput, attrs.overwriteGradOutput);
  putTensors(0, out, gradOutput, output);
  backward();
  return out;
};
