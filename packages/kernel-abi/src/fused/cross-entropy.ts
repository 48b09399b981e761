import type { backends } from "@taimatsu/core";
import { hostKernel } from "../host.js";
import { putLossAttrs } from "./loss-attrs.js";
import { empty, putTensors } from "./tensors.js";

const forward = hostKernel("crossEntropy");
const backward = hostKernel("crossEntropyBackward");

/** log-softmax + weighted NLL + label smoothing, one pass per position. */
export const crossEntropy: backends.FusedKernels["crossEntropy"] = (input, target, weight, a) => {
  const [N, , D] = input.shape as number[];
  const out = empty(a.reduction === "none" ? [N!, D!] : [], input.dtype);
  putTensors(putLossAttrs(a, weight), out, input, target, weight);
  forward();
  return out;
};

export const crossEntropyBackward: backends.FusedKernels["crossEntropyBackward"] = (gradOutput, input, target, weight, a) => {
  const out = empty(input.shape, input.dtype);
  putTensors(putLossAttrs(a, weight), out, gradOutput, input, target, weight);
  backward();
  return out;
};
