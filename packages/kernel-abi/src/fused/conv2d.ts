import type { backends } from "@taimatsu/core";
import { hostKernel } from "../host.js";
import { putConvGeometry } from "./conv-geometry.js";
import { empty, putNumbers, putTensors, windowCount } from "./tensors.js";

const kernel = hostKernel("conv2d");

/** conv2d: im2col + GEMM per image and group in one native call. */
export const conv2d: backends.FusedKernels["conv2d"] = (input, weight, bias, a) => {
  const [N, , H, W] = input.shape as number[];
  const [O, , kH, kW] = weight.shape as number[];
  const oH = windowCount(H!, kH!, a.stride[0], a.padding[0], a.dilation[0]);
  const oW = windowCount(W!, kW!, a.stride[1], a.padding[1], a.dilation[1]);
  const out = empty([N!, O!, oH, oW], input.dtype);
  const at = putNumbers(putConvGeometry(a), !!bias);
  putTensors(at, out, input, weight, bias);
  kernel();
  return out;
};
