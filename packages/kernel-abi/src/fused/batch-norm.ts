import type { backends } from "@taimatsu/core";
import { hostKernel } from "../host.js";
import { empty, gradInputBuffer, putNumbers, putTensors } from "./tensors.js";

const forward = hostKernel("batchNorm");
const backward = hostKernel("batchNormBackward");

/** Training computes the batch statistics (returned as new tensors); eval returns the running ones as given. */
export const batchNorm: backends.FusedKernels["batchNorm"] = (input, runningMean, runningVar, weight, bias, a) => {
  const C = input.shape[1]!;
  const out = empty(input.shape, input.dtype);
  const mean = a.training ? empty([C], input.dtype) : runningMean!;
  const variance = a.training ? empty([C], input.dtype) : runningVar!;
  const at = putNumbers(0, a.training, a.eps, !!runningMean, !!runningVar, !!weight, !!bias);
  putTensors(at, out, mean, variance, input, runningMean, runningVar, weight, bias);
  forward();
  return [out, mean, variance];
};

export const batchNormBackward: backends.FusedKernels["batchNormBackward"] = (gradOutput, input, weight, mean, invstd, a) => {
  const C = input.shape[1]!;
  // the apply pass reads each element of gradOutput before it writes that element of gradInput
  const gradInput = gradInputBuffer(gradOutput, a.overwriteGradOutput);
  const gradWeight = empty([C], input.dtype);
  const gradBias = empty([C], input.dtype);
  putTensors(putNumbers(0, a.training, !!weight), gradInput, gradWeight, gradBias, gradOutput, input, mean, invstd, weight);
  backward();
  return [gradInput, gradWeight, gradBias];
};
