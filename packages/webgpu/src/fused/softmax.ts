import * as torch from "@taimatsu/core";
import { softmaxCall } from "../kernels/softmax.js";
import type { DeviceState } from "../runtime/device-state.js";

type Tensor = torch.Tensor;

/** softmax and logSoftmax in one kernel each (core's decomposition takes five: max, sub, exp, sum, div or log). */
export function softmaxKernels(state: DeviceState) {
  const run = (log: boolean, input: Tensor, dim: number) => {
    const out = torch.empty(input.shape, { dtype: input.dtype, device: input.device });
    state.run(softmaxCall(log, out.kernelView, input.kernelView, dim), out.kernelView, [input.kernelView]);
    return out;
  };
  return {
    softmax: (input: Tensor, attrs: { dim: number }) => run(false, input, attrs.dim),
    logSoftmax: (input: Tensor, attrs: { dim: number }) => run(true, input, attrs.dim),
  };
}
