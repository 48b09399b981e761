import type { backends } from "@taimatsu/core";
import { hostKernel } from "../host.js";
import { putConvGeometry } from "./conv-geometry.js";
import { empty, putNumbers, putTensors } from "./tensors.js";

const kernel = hostKernel("conv2dBackwardInput");

/** conv2d's input gradient: W^T @ gradOutput per image and group, then col2im. */
export const conv2dBackwardInput: backends.FusedKernels["conv2dBackwardInput"] = (gradOutput, weight, a) => {
  const out = empty(a.inputShape, gradOutput.dtype);
  const at = putNumbers(putConvGeometry(a), false);
  putTensors(at, out, gradOutput, weight);
  kernel();
  return out;
};

/** convTranspose2d is conv2d's input gradient of its input, plus a bias. */
export const convTranspose2d: backends.FusedKernels["convTranspose2d"] = (input, weight, bias, a) => {
  const [N, , H, W] = input.shape as number[];
  const [, Og, kH, kW] = weight.shape as number[];
  const size = (i: number, k: number, d: 0 | 1) => (i - 1) * a.stride[d] - 2 * a.padding[d] + a.dilation[d] * (k - 1) + a.outputPadding[d] + 1;
  const out = empty([N!, Og! * a.groups, size(H!, kH!, 0), size(W!, kW!, 1)], input.dtype);
  const at = putNumbers(putConvGeometry(a), !!bias);
  putTensors(at, out, input, weight, bias);
  kernel();
  return out;
};
