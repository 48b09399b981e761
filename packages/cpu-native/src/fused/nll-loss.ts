import type { backends } from "@taimatsu/core";
import { native } from "../native.js";
import { empty, putNumbers, putTensors } from "./tensors.js";

const kernel = native.kernels.nllLoss!;

const REDUCTION = { none: 0, mean: 1, sum: 2 } as const;

export const nllLoss: backends.FusedKernels["nllLoss"] = (input, target, weight, a) => {
  const [N, , D] = input.shape as number[];
  const out = empty(a.reduction === "none" ? [N!, D!] : [], input.dtype);
  putTensors(putNumbers(0, REDUCTION[a.reduction], a.ignoreIndex, 0, !!weight), out, input, target, weight);
  kernel();
  return out;
};
