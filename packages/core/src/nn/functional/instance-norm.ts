import { noGrad } from "../../autograd/grad-mode.js";
import { ShapeError } from "../../errors.js";
import { avgPool2d } from "./pooling.js";
import { pad } from "../../ops/pad.js";
import { shapeToString } from "../../shape.js";
import type { Tensor } from "../../tensor.js";
import { batchNorm } from "./normalization.js";

/**
 * `F.instanceNorm` and `F.localResponseNorm`. Instance norm is batch norm of
 * the [1, N·C, *] view, each (sample, channel) pair a channel of its own, with
 * the running statistics repeated per sample and averaged back, exactly as
 * PyTorch computes it (so the fused batch-norm kernel runs it).
 */

export interface InstanceNormOptions {
  runningMean?: Tensor | null;
  runningVar?: Tensor | null;
  weight?: Tensor | null;
  bias?: Tensor | null;
  /** Normalise with each instance's statistics (and update the running ones); false uses the running ones. Default true. */
  useInputStats?: boolean;
  /** Default 0.1. */
  momentum?: number;
  /** Default 1e-5. */
  eps?: number;
}

export function instanceNorm(input: Tensor, options: InstanceNormOptions = {}): Tensor {
  if (input.ndim < 3) throw new ShapeError(`instanceNorm: expected an input of at least 3 dims [N, C, *], got ${shapeToString(input.shape)}`);
  const { runningMean = null, runningVar = null, weight = null, bias = null, useInputStats = true, momentum = 0.1, eps = 1e-5 } = options;
  const [N, C] = [input.shape[0]!, input.shape[1]!];
  for (const [name, t] of [["weight", weight], ["bias", bias], ["running_mean", runningMean], ["running_var", runningVar]] as const) {
    if (t && (t.ndim !== 1 || t.shape[0] !== C)) {
      throw new ShapeError(`instanceNorm: expected ${name} of shape [${C}] (one per channel of input ${shapeToString(input.shape)}), got ${shapeToString(t.shape)}`);
    }
  }
  if (useInputStats && input.shape.slice(2).reduce((a, b) => a * b, 1) <= 1) {
    throw new ShapeError(`instanceNorm: Expected more than 1 spatial element when training, got input size ${shapeToString(input.shape)}`);
  }
  const repeated = (t: Tensor | null) => (t === null ? null : t.repeat([N]));
  const mean = noGrad(() => repeated(runningMean));
  const variance = noGrad(() => repeated(runningVar));
  const x = input.reshape([1, N * C, ...input.shape.slice(2)]);
  const out = batchNorm(x, mean, variance, { weight: repeated(weight), bias: repeated(bias), training: useInputStats, momentum, eps });
  if (useInputStats) {
    noGrad(() => {
      if (runningMean && mean) runningMean.copy_(mean.reshape([N, C]).mean(0));
      if (runningVar && variance) runningVar.copy_(variance.reshape([N, C]).mean(0));
    });
  }
  return out.reshape(input.shape);
}

export interface LocalResponseNormOptions {
  /** Default 1e-4. */
  alpha?: number;
  /** Default 0.75. */
  beta?: number;
  /** Default 1. */
  k?: number;
}

/**
 * x / (k + alpha · mean of x² over `size` neighbouring channels)^beta
 * (PyTorch's `F.local_response_norm`), the channel window an average pool.
 */
export function localResponseNorm(input: Tensor, size: number, options: LocalResponseNormOptions = {}): Tensor {
  if (input.ndim < 3) throw new ShapeError(`localResponseNorm: Expected 3D or higher dimensionality input (got ${input.ndim} dimensions)`);
  if (!Number.isInteger(size) || size <= 0) throw new RangeError(`localResponseNorm: size must be a positive integer, got ${size}`);
  if (input.numel() === 0) return input;
  const { alpha = 1e-4, beta = 0.75, k = 1 } = options;
  const [N, C] = [input.shape[0]!, input.shape[1]!];
  const squares = input.square().reshape([N, 1, C, -1]);
  const padded = pad(squares, [0, 0, Math.floor(size / 2), Math.floor((size - 1) / 2)]);
  const average = avgPool2d(padded, [size, 1], { stride: 1 }).reshape(input.shape);
  return input.div(average.mul(alpha).add(k).pow(beta));
}
