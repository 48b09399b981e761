import type { backends, Tensor } from "@taimatsu/core";
import { native } from "../native.js";
import { empty, putNumbers, putTensors } from "./tensors.js";

const forward = native.kernels.crossEntropy!;
const backward = native.kernels.crossEntropyBackward!;

const REDUCTION = { none: 0, mean: 1, sum: 2 } as const;

type Attrs = { reduction: "none" | "mean" | "sum"; ignoreIndex: number; labelSmoothing?: number };

function putAttrs(a: Attrs, weight: Tensor | null): number {
  return putNumbers(0, REDUCTION[a.reduction], a.ignoreIndex, a.labelSmoothing ?? 0, !!weight);
}

/** log-softmax + weighted NLL + label smoothing, one pass per position. */
export const crossEntropy: backends.FusedKernels["crossEntropy"] = (input, target, weight, a) => {
  const [N, , D] = input.shape as number[];
  const out = empty(a.reduction === "none" ? [N!, D!] : [], input.dtype);
  putTensors(putAttrs(a, weight), out, input, target, weight);
  forward();
  return out;
};

export const crossEntropyBackward: backends.FusedKernels["crossEntropyBackward"] = (gradOutput, input, target, weight, a) => {
  const out = empty(input.shape, input.dtype);
  putTensors(putAttrs(a, weight), out, gradOutput, input, target, weight);
  backward();
  return out;
};

/** nllLoss is crossEntropy's NLL part on log-probabilities: not fused here (core decomposes it). */
