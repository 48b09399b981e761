import type { backends } from "@taimatsu/core";
import { adamStep } from "./adam-step.js";
import { batchNorm, batchNormBackward } from "./batch-norm.js";
import { conv2d } from "./conv2d.js";
import { conv2dBackwardInput, convTranspose2d } from "./conv2d-backward-input.js";
import { conv2dBackwardWeight } from "./conv2d-backward-weight.js";
import { crossEntropy, crossEntropyBackward } from "./cross-entropy.js";
import { linear } from "./linear.js";
import { maxPool2d, maxPool2dBackward } from "./max-pool2d.js";
import { sgdStep } from "./sgd-step.js";
import { logSoftmax, softmax } from "./softmax.js";

/** Fused kernels by op name (the contract is FusedKernels in @taimatsu/core). */
export const fusedKernels: Partial<backends.FusedKernels> = {
  conv2d, conv2dBackwardInput, conv2dBackwardWeight, convTranspose2d,
  maxPool2d, maxPool2dBackward,
  linear,
  softmax, logSoftmax,
  crossEntropy, crossEntropyBackward,
  batchNorm, batchNormBackward,
  sgdStep, adamStep,
};
