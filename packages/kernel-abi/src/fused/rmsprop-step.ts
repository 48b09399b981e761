import type { backends } from "@taimatsu/core";
import { hostKernel } from "../host.js";
import { putNumbers, putTensors } from "./tensors.js";

const kernel = hostKernel("rmspropStep");

export const rmspropStep: backends.FusedKernels["rmspropStep"] = (param, grad, squareAvg, gradAvg, momentumBuffer, a) => {
  const at = putNumbers(0, a.lr, a.alpha, a.eps, a.weightDecay, a.momentum, a.centered, a.maximize, !!gradAvg, !!momentumBuffer);
  putTensors(at, param, grad, squareAvg, gradAvg, momentumBuffer);
  kernel();
};
