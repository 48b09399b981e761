import type { backends } from "@taimatsu/core";
import { hostKernel } from "../host.js";
import { putNumbers, putTensors } from "./tensors.js";

const kernel = hostKernel("adamStep");

/** One Adam/AdamW update in place (param and the moment buffers). */
export const adamStep: backends.FusedKernels["adamStep"] = (param, grad, expAvg, expAvgSq, maxExpAvgSq, a) => {
  const at = putNumbers(0, a.lr, a.beta1, a.beta2, a.eps, a.weightDecay, a.step, a.amsgrad, a.maximize, a.decoupledWeightDecay, !!maxExpAvgSq);
  putTensors(at, param, grad, expAvg, expAvgSq, maxExpAvgSq);
  kernel();
};
