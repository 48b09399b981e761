import type { backends } from "@taimatsu/core";
import { hostKernel } from "../host.js";
import { empty, putNumbers, putTensors } from "./tensors.js";

const kernel = hostKernel("linear");

/** input @ weight^T + bias as one GEMM (weight^T is a strided view, not a copy). */
export const linear: backends.FusedKernels["linear"] = (input, weight, bias) => {
  const out = empty([...input.shape.slice(0, -1), weight.shape[0]!], input.dtype);
  putTensors(putNumbers(0, !!bias), out, input, weight, bias);
  kernel();
  return out;
};
