import type { backends } from "@taimatsu/core";
import { hostKernel } from "../host.js";
import { putLossAttrs } from "./loss-attrs.js";
import { empty, putTensors } from "./tensors.js";

const kernel = hostKernel("nllLoss");

/** The weighted NLL on log-probabilities (crossEntropy's attributes; no label smoothing). */
export const nllLoss: backends.FusedKernels["nllLoss"] = (input, target, weight, a) => {
  const [N, , D] = input.shape as number[];
  const out = empty(a.reduction === "none" ? [N!, D!] : [], input.dtype);
  putTensors(putLossAttrs(a, weight), out, input, target, weight);
  kernel();
  return out;
};
