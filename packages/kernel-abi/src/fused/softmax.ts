import type { backends, Tensor } from "@taimatsu/core";
import { hostKernel } from "../host.js";
import { empty, putNumbers, putTensors } from "./tensors.js";

const kernel = hostKernel("softmax");

function run(input: Tensor, dim: number, log: boolean): Tensor {
  const out = empty(input.shape, input.dtype);
  putTensors(putNumbers(0, dim, log), out, input);
  kernel();
  return out;
}

export const softmax: backends.FusedKernels["softmax"] = (input, a) => run(input, a.dim, false);
export const logSoftmax: backends.FusedKernels["logSoftmax"] = (input, a) => run(input, a.dim, true);
