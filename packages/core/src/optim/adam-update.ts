import { zerosLike } from "../ops/creation.js";
import type { Tensor } from "../tensor.js";
import { foreachKernel, tryFusedStep, written } from "./fused-step.js";
import type { ParamGroup } from "./optimizer.js";

/** Hyper-parameters shared by Adam and AdamW groups. */
export interface AdamGroup extends ParamGroup {
  betas: [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
}

export type AdamState = {
  step: number;
  expAvg: Tensor;
  expAvgSq: Tensor;
  maxExpAvgSq?: Tensor;
};

export function initAdamState(p: Tensor, amsgrad: boolean): AdamState {
  const s: AdamState = { step: 0, expAvg: zerosLike(p), expAvgSq: zerosLike(p) };
  if (amsgrad) s.maxExpAvgSq = zerosLike(p);
  return s;
}

/**
 * One Adam/AdamW update of `p` in place (PyTorch 1.13's single-tensor
 * algorithm). `decoupled` selects AdamW's weight decay, applied to the
 * parameter rather than folded into the gradient. The step count lives on
 * the host, so the bias corrections need no read-back.
 */
export function adamUpdate(p: Tensor, grad: Tensor, state: AdamState, g: AdamGroup, decoupled: boolean): void {
  const [beta1, beta2] = g.betas;
  state.step += 1;
  const attrs = {
    lr: g.lr, beta1, beta2, eps: g.eps, weightDecay: g.weightDecay, amsgrad: g.amsgrad, maximize: g.maximize,
    step: state.step, decoupledWeightDecay: decoupled,
  };
  const maxSq = g.amsgrad ? state.maxExpAvgSq ?? null : null;
  if (g.amsgrad && !maxSq) throw new TypeError("Adam: amsgrad was turned on after the first step; the max_exp_avg_sq state is missing");
  if (tryFusedStep("adamStep", [p, grad, state.expAvg, state.expAvgSq, maxSq], attrs)) return;
  let d = g.maximize ? grad.neg() : grad;
  if (decoupled) p.mul_(1 - g.lr * g.weightDecay);
  else if (g.weightDecay !== 0) d = d.add(p, { alpha: g.weightDecay });
  state.expAvg.mul_(beta1).add_(d, { alpha: 1 - beta1 });
  // PyTorch's addcmul/addcdiv evaluate (value * t1) * t2 and (value * t1) / t2; same order here
  state.expAvgSq.mul_(beta2).add_(d.mul(1 - beta2).mul(d));
  const biasCorrection1 = 1 - beta1 ** state.step;
  const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** state.step);
  let second = state.expAvgSq;
  if (maxSq) second = maxSq.copy_(maxSq.maximum(state.expAvgSq));
  const denom = second.sqrt().div(biasCorrection2Sqrt).add(g.eps);
  p.add_(state.expAvg.mul(-(g.lr / biasCorrection1)).div(denom));
}

/**
 * Adam/AdamW over a whole group in one `adamStepForeach` call, when the
 * backend has it and every tensor shares its device; false otherwise (the
 * caller then runs `adamUpdate` per parameter). `states[i]` belongs to `params[i]`.
 */
export function adamUpdateForeach(params: Tensor[], states: AdamState[], g: AdamGroup, decoupled: boolean): boolean {
  if (params.length === 0) return false;
  const grads = params.map((p) => p.gradValue!);
  const kernel = foreachKernel("adamStepForeach", [params, grads]);
  if (!kernel) return false;
  if (g.amsgrad && states.some((s) => !s.maxExpAvgSq)) throw new TypeError("Adam: amsgrad was turned on after the first step; the max_exp_avg_sq state is missing");
  for (const s of states) s.step += 1;
  const [beta1, beta2] = g.betas;
  const attrs = {
    lr: g.lr, beta1, beta2, eps: g.eps, weightDecay: g.weightDecay, amsgrad: g.amsgrad, maximize: g.maximize,
    steps: states.map((s) => s.step), decoupledWeightDecay: decoupled,
  };
  const [expAvgs, expAvgSqs] = [states.map((s) => s.expAvg), states.map((s) => s.expAvgSq)];
  const maxSqs = g.amsgrad ? states.map((s) => s.maxExpAvgSq!) : null;
  kernel(params, grads, expAvgs, expAvgSqs, maxSqs, attrs);
  written(params, expAvgs, expAvgSqs, maxSqs);
  return true;
}
