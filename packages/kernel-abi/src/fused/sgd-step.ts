import type { backends } from "@taimatsu/core";
import { hostKernel } from "../host.js";
import { putNumbers, putTensors } from "./tensors.js";

const kernel = hostKernel("sgdStep");

/** One SGD update in place (param, and the momentum buffer when there is one). */
export const sgdStep: backends.FusedKernels["sgdStep"] = (param, grad, momentumBuffer, a) => {
  const at = putNumbers(0, a.lr, a.momentum, a.dampening, a.weightDecay, a.nesterov, a.maximize, a.firstStep, !!momentumBuffer);
  putTensors(at, param, grad, momentumBuffer);
  kernel();
};
