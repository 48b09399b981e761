import { isGradEnabled, noGrad } from "../../autograd/grad-mode.js";
import { record } from "../../autograd/record.js";
import { ShapeError } from "../../errors.js";
import { compositeForward } from "../../ops/composite.js";
import { sameShape, shapeToString } from "../../shape.js";
import type { Tensor } from "../../tensor.js";
import { fusedBackward } from "./fused-backward.js";

/**
 * batchNorm and layerNorm (composite ops, one node each, with closed-form
 * gradients) and groupNorm (composed of tensor ops).
 */

export interface BatchNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  /** Normalize with batch statistics and update the running ones (default false: use the running ones). */
  training?: boolean;
  /**
   * Weight of the batch in the running statistics (default 0.1). A 0-dim
   * tensor on the input's device is accepted too, so that a weight computed
   * there (BatchNorm's cumulative average) is never read back.
   */
  momentum?: number | Tensor;
  eps?: number;
}

export interface LayerNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  eps?: number;
}

export type GroupNormOptions = LayerNormOptions;

// ---- batch norm ----

/** Every dim but the channel dim (1). */
function batchDims(x: Tensor): number[] {
  return x.shape.map((_, i) => i).filter((i) => i !== 1);
}

/** A per-channel [C] tensor shaped [1, C, 1, ...] to broadcast against x. */
function perChannel(t: Tensor, x: Tensor): Tensor {
  return t.reshape(x.shape.map((s, i) => (i === 1 ? s : 1)));
}

function batchStats(x: Tensor): [Tensor, Tensor] {
  const dims = batchDims(x);
  return [x.mean(dims), x.var(dims, { correction: 0 })];
}

function meanAndInvstd(x: Tensor, eps: number): [Tensor, Tensor] {
  const [mean, variance] = batchStats(x);
  return [mean, variance.add(eps).rsqrt()];
}

function batchNormDecomposed(x: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, weight: Tensor | null, bias: Tensor | null, training: boolean, eps: number): [Tensor, Tensor, Tensor] {
  const [mean, variance] = training ? batchStats(x) : [runningMean!, runningVar!];
  let out = x.sub(perChannel(mean, x)).mul(perChannel(variance.add(eps).rsqrt(), x));
  if (weight) out = out.mul(perChannel(weight, x));
  if (bias) out = out.add(perChannel(bias, x));
  return [out, mean, variance];
}

/** [gradInput, gradWeight, gradBias] of batch norm, from g and the forward's statistics; gradInput may go into g's memory when the engine donated it. */
function batchNormBackward(g: Tensor, x: Tensor, weight: Tensor | null, mean: Tensor, invstd: Tensor, training: boolean, eps: number, donated: boolean): Tensor[] {
  return fusedBackward("batchNormBackward", [g, x, weight, mean, invstd], { training, overwriteGradOutput: donated }, () => {
    // recorded (createGraph): recompute the batch statistics so second derivatives see how they depend on x
    const [m, is] = training && isGradEnabled() ? meanAndInvstd(x, eps) : [mean, invstd];
    const dims = batchDims(x);
    const xhat = x.sub(perChannel(m, x)).mul(perChannel(is, x));
    const gradBias = g.sum(dims);
    const gradWeight = g.mul(xhat).sum(dims);
    const scale = perChannel(weight ? weight.mul(is) : is, x);
    if (!training) return [g.mul(scale), gradWeight, gradBias];
    // d/dx through the batch mean and variance: subtract g's mean and its projection on xhat
    const n = x.numel() / x.shape[1]!;
    const centered = g.sub(perChannel(gradBias, x).div(n)).sub(xhat.mul(perChannel(gradWeight, x)).div(n));
    return [centered.mul(scale), gradWeight, gradBias];
  });
}

function checkBatchNorm(x: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, weight: Tensor | null, bias: Tensor | null, training: boolean): void {
  const C = x.ndim > 1 ? x.shape[1]! : 0;
  const named: [string, Tensor | null][] = [["running_mean", runningMean], ["running_var", runningVar], ["weight", weight], ["bias", bias]];
  for (const [name, t] of named) {
    if (t && t.numel() !== C) throw new ShapeError(`batch_norm: ${name} should contain ${C} elements not ${t.numel()}`);
  }
  if (x.ndim < 2) throw new ShapeError(`batch_norm: expected an input of shape (N, C, ...), got ${shapeToString(x.shape)}`);
  if (training && x.numel() / C === 1) throw new ShapeError(`batch_norm: Expected more than 1 value per channel when training, got input size ${shapeToString(x.shape)}`);
  if (!training && !runningMean) throw new ShapeError("batch_norm: running_mean must be defined in evaluation mode");
  if (!training && !runningVar) throw new ShapeError("batch_norm: running_var must be defined in evaluation mode");
}

/** Moves the running statistics towards the batch's, with the unbiased variance as PyTorch does. */
function updateRunningStats(runningMean: Tensor | null, runningVar: Tensor | null, mean: Tensor, variance: Tensor, n: number, momentum: number | Tensor): void {
  noGrad(() => {
    const unbiased = variance.mul(n / Math.max(n - 1, 1));
    if (typeof momentum === "number") {
      runningMean?.mul_(1 - momentum).add_(mean.reshape(runningMean.shape), { alpha: momentum });
      runningVar?.mul_(1 - momentum).add_(unbiased.reshape(runningVar.shape), { alpha: momentum });
      return;
    }
    // (1 - m) * running + m * batch, with m on the device
    const keepWeight = momentum.neg().add(1);
    runningMean?.mul_(keepWeight).add_(mean.reshape(runningMean.shape).mul(momentum));
    runningVar?.mul_(keepWeight).add_(unbiased.reshape(runningVar.shape).mul(momentum));
  });
}

/**
 * `F.batch_norm(input, runningMean, runningVar, {weight, bias, training, momentum, eps})`
 * over input [N, C, ...]. In training the running stats (when given) are updated in place.
 */
export function batchNorm(input: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, options: BatchNormOptions = {}): Tensor {
  const { training = false, momentum = 0.1, eps = 1e-5 } = options;
  const weight = options.weight ?? null;
  const bias = options.bias ?? null;
  checkBatchNorm(input, runningMean, runningVar, weight, bias, training);
  const x = input;
  const [out, mean, variance] = compositeForward("batchNorm", [x, runningMean, runningVar, weight, bias], { training, eps }, () =>
    batchNormDecomposed(x, runningMean, runningVar, weight, bias, training, eps),
  );
  if (training) updateRunningStats(runningMean, runningVar, mean, variance, x.numel() / x.shape[1]!, momentum);
  const invstd = noGrad(() => variance.add(eps).rsqrt());
  const saved = [x, mean, ...(weight ? [weight] : [])];
  return record("NativeBatchNormBackward0", [x, weight, bias], out, ([g], donated) => {
    const [gx, gw, gb] = batchNormBackward(g!, x, weight, mean, invstd, training, eps, donated[0] === true);
    return [x.requiresGrad ? gx : null, weight?.requiresGrad ? gw : null, bias?.requiresGrad ? gb : null];
  }, saved);
}

// ---- layer norm ----

function normalizedDims(x: Tensor, normalizedShape: readonly number[]): number[] {
  return normalizedShape.map((_, i) => x.ndim - normalizedShape.length + i);
}

function layerStats(x: Tensor, dims: number[], eps: number): [Tensor, Tensor] {
  return [x.mean(dims, { keepdim: true }), x.var(dims, { correction: 0, keepdim: true }).add(eps).rsqrt()];
}

function layerNormBackward(g: Tensor, x: Tensor, weight: Tensor | null, mean: Tensor, rstd: Tensor, normalizedShape: readonly number[], eps: number): Tensor[] {
  return fusedBackward("layerNormBackward", [g, x, weight, mean, rstd], { normalizedShape }, () => {
    const dims = normalizedDims(x, normalizedShape);
    const [m, r] = isGradEnabled() ? layerStats(x, dims, eps) : [mean, rstd];
    const xhat = x.sub(m).mul(r);
    const gxhat = weight ? g.mul(weight) : g;
    const gradInput = gxhat.sub(gxhat.mean(dims, { keepdim: true })).sub(xhat.mul(gxhat.mul(xhat).mean(dims, { keepdim: true }))).mul(r);
    const lead = x.shape.slice(0, x.ndim - normalizedShape.length).map((_, i) => i);
    const overLead = (t: Tensor) => (lead.length ? t.sum(lead) : t);
    return [gradInput, overLead(g.mul(xhat)), overLead(g)];
  });
}

function checkLayerNorm(x: Tensor, normalizedShape: readonly number[], weight: Tensor | null, bias: Tensor | null): void {
  const k = normalizedShape.length;
  if (k === 0 || x.ndim < k || !sameShape(x.shape.slice(x.ndim - k), normalizedShape)) {
    throw new ShapeError(`layer_norm: Given normalized_shape=${shapeToString(normalizedShape)}, expected input with shape [*, ${normalizedShape.join(", ")}], but got input of size${shapeToString(x.shape)}`);
  }
  for (const [name, t] of [["weight", weight], ["bias", bias]] as const) {
    if (t && !sameShape(t.shape, normalizedShape)) {
      throw new ShapeError(`layer_norm: Expected ${name} to be of same shape as normalized_shape, but got ${name} of shape ${shapeToString(t.shape)} and normalized_shape = ${shapeToString(normalizedShape)}`);
    }
  }
}

/** `F.layer_norm(input, normalizedShape, {weight, bias, eps})`: normalizes over the trailing dims. */
export function layerNorm(input: Tensor, normalizedShape: number | readonly number[], options: LayerNormOptions = {}): Tensor {
  const shape = typeof normalizedShape === "number" ? [normalizedShape] : [...normalizedShape];
  const weight = options.weight ?? null;
  const bias = options.bias ?? null;
  const eps = options.eps ?? 1e-5;
  checkLayerNorm(input, shape, weight, bias);
  const x = input;
  const [out, mean, rstd] = compositeForward("layerNorm", [x, weight, bias], { normalizedShape: shape, eps }, () => {
    const [m, r] = layerStats(x, normalizedDims(x, shape), eps);
    let y = x.sub(m).mul(r);
    if (weight) y = y.mul(weight);
    if (bias) y = y.add(bias);
    return [y, m, r];
  });
  return record("NativeLayerNormBackward0", [x, weight, bias], out, ([g]) => {
    const [gx, gw, gb] = layerNormBackward(g!, x, weight, mean, rstd, shape, eps);
    return [x.requiresGrad ? gx : null, weight?.requiresGrad ? gw : null, bias?.requiresGrad ? gb : null];
  }, [x, ...(weight ? [weight] : [])]);
}

// ---- group norm ----

/** `F.group_norm(input, numGroups, {weight, bias, eps})`: input [N, C, ...] normalized per sample over each group of C / numGroups channels. */
export function groupNorm(input: Tensor, numGroups: number, options: GroupNormOptions = {}): Tensor {
  if (input.ndim < 2) throw new ShapeError(`group_norm: Expected at least 2 dimensions for input tensor but received ${input.ndim}`);
  const [N, C] = input.shape as [number, number];
  if (!Number.isInteger(numGroups) || numGroups <= 0 || C % numGroups !== 0) {
    throw new ShapeError(`group_norm: Expected number of channels in input to be divisible by num_groups, but got input of shape ${shapeToString(input.shape)} and num_groups=${numGroups}`);
  }
  const eps = options.eps ?? 1e-5;
  for (const [name, t] of [["weight", options.weight], ["bias", options.bias]] as const) {
    if (t && (t.ndim !== 1 || t.shape[0] !== C)) {
      throw new ShapeError(`group_norm: Expected ${name} to be a vector of size equal to the number of channels in input, but got ${name} of shape ${shapeToString(t.shape)} and input of shape ${shapeToString(input.shape)}`);
    }
  }
  const groups = input.reshape([N, numGroups, -1]);
  const [m, r] = layerStats(groups, [2], eps);
  let out = groups.sub(m).mul(r).reshape(input.shape);
  if (options.weight) out = out.mul(perChannel(options.weight, input));
  if (options.bias) out = out.add(perChannel(options.bias, input));
  return out;
}
