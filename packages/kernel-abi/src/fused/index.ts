import type { backends } from "@taimatsu/core";
import { activations } from "./activation.js";
import { adagradStep } from "./adagrad-step.js";
import { adamStep } from "./adam-step.js";
import { adaptiveAvgPool2d } from "./adaptive-avg-pool2d.js";
import { adaptiveMaxPool2d } from "./adaptive-max-pool2d.js";
import { avgPool2d } from "./avg-pool2d.js";
import { batchNorm, batchNormBackward } from "./batch-norm.js";
import { conv2d } from "./conv2d.js";
import { conv2dBackwardInput, convTranspose2d } from "./conv2d-backward-input.js";
import { conv2dBackwardWeight } from "./conv2d-backward-weight.js";
import { crossEntropy, crossEntropyBackward } from "./cross-entropy.js";
import { layerNorm, layerNormBackward } from "./layer-norm.js";
import { linear } from "./linear.js";
import { maxPool2d, maxPool2dBackward } from "./max-pool2d.js";
import { nllLoss } from "./nll-loss.js";
import { relu, reluBackward } from "./relu.js";
import { rmspropStep } from "./rmsprop-step.js";
import { sgdStep } from "./sgd-step.js";
import { logSoftmax, softmax } from "./softmax.js";

/** Fused kernels by op name (core's FusedKernels contract; all of it at the time of writing). */
export const fusedKernels: Partial<backends.FusedKernels> = {
  softmax, logSoftmax,
  relu, reluBackward, ...activations,
  linear,
  conv2d, conv2dBackwardInput, conv2dBackwardWeight, convTranspose2d,
  maxPool2d, adaptiveMaxPool2d, maxPool2dBackward, avgPool2d, adaptiveAvgPool2d,
  batchNorm, batchNormBackward, layerNorm, layerNormBackward,
  nllLoss, crossEntropy, crossEntropyBackward,
  sgdStep, adamStep, rmspropStep, adagradStep,
};
