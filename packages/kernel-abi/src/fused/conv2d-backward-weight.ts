import type { backends } from "@taimatsu/core";
import { hostKernel } from "../host.js";
import { putConvGeometry } from "./conv-geometry.js";
import { empty, putTensors } from "./tensors.js";

const kernel = hostKernel("conv2dBackwardWeight");

/** conv2d's weight gradient: gradOutput @ cols^T, accumulated over the batch. */
export const conv2dBackwardWeight: backends.FusedKernels["conv2dBackwardWeight"] = (gradOutput, input, a) => {
  const out = empty(a.weightShape, gradOutput.dtype);
  const at = putConvGeometry(a);
  putTensors(at, out, gradOutput, input);
  kernel();
  return out;
};
