import type { backends } from "@taimatsu/core";
import { hostKernel } from "../host.js";
import { putNumbers, putTensors } from "./tensors.js";

const kernel = hostKernel("adagradStep");

export const adagradStep: backends.FusedKernels["adagradStep"] = (param, grad, stateSum, a) => {
  putTensors(putNumbers(0, a.lr, a.lrDecay, a.weightDecay, a.eps, a.maximize, a.step), param, grad, stateSum);
  kernel();
};
