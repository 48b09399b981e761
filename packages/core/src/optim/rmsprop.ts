import { zerosLike } from "../ops/creation.js";
import type { Tensor } from "../tensor.js";
import { tryFusedStep } from "./fused-step.js";
import { checkOption, Optimizer, type ParamGroup, type ParamsInput } from "./optimizer.js";

export interface RMSpropOptions {
  /** Default 1e-2. */
  lr?: number;
  /** Smoothing constant of the squared-gradient average. Default 0.99. */
  alpha?: number;
  /** Default 1e-8. */
  eps?: number;
  /** L2 penalty. Default 0. */
  weightDecay?: number;
  /** Default 0. */
  momentum?: number;
  /** Normalise by the estimated variance instead of the raw second moment. Default false. */
  centered?: boolean;
  /** Default false. */
  maximize?: boolean;
}

export interface RMSpropGroup extends ParamGroup {
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  centered: boolean;
  maximize: boolean;
}

export type RMSpropState = {
  step: number;
  squareAvg: Tensor;
  momentumBuffer?: Tensor;
  gradAvg?: Tensor;
};

/**
 * RMSprop (PyTorch's `torch.optim.RMSprop`), with optional momentum and the
 * centered variant.
 *
 * @example
 * ```ts
 * const opt = new optim.RMSprop(model.parameters(), { lr: 1e-2, momentum: 0.9, centered: true });
 * ```
 */
export class RMSprop extends Optimizer<RMSpropGroup, RMSpropState> {
  // PyTorch 1.13 keeps RMSprop's step as a Python int
  protected override readonly stepInStateDict = "number" as const;

  constructor(params: ParamsInput<RMSpropOptions>, options: RMSpropOptions = {}) {
    const o = { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false, ...options };
    checkOption("RMSprop", o.lr >= 0, `Invalid learning rate: ${o.lr}`);
    checkOption("RMSprop", o.eps >= 0, `Invalid epsilon value: ${o.eps}`);
    checkOption("RMSprop", o.momentum >= 0, `Invalid momentum value: ${o.momentum}`);
    checkOption("RMSprop", o.weightDecay >= 0, `Invalid weight_decay value: ${o.weightDecay}`);
    checkOption("RMSprop", o.alpha >= 0, `Invalid alpha value: ${o.alpha}`);
    super(params as ParamsInput<Omit<RMSpropGroup, "params">>, {
      lr: o.lr, momentum: o.momentum, alpha: o.alpha, eps: o.eps, centered: o.centered, weightDecay: o.weightDecay,
      foreach: null, maximize: o.maximize, differentiable: false,
    });
  }

  protected override updateGroup(group: RMSpropGroup): void {
    for (const p of group.params) {
      if (p.gradValue) this.#update(p, p.gradValue, group);
    }
  }

  #update(p: Tensor, grad: Tensor, g: RMSpropGroup): void {
    const state = this.stateFor(p, () => {
      const s: RMSpropState = { step: 0, squareAvg: zerosLike(p) };
      if (g.momentum > 0) s.momentumBuffer = zerosLike(p);
      if (g.centered) s.gradAvg = zerosLike(p);
      return s;
    });
    state.step += 1;
    const gradAvg = g.centered ? this.#required(state.gradAvg, "grad_avg", "centered") : null;
    const buf = g.momentum > 0 ? this.#required(state.momentumBuffer, "momentum_buffer", "momentum") : null;
    const attrs = { lr: g.lr, alpha: g.alpha, eps: g.eps, weightDecay: g.weightDecay, momentum: g.momentum, centered: g.centered, maximize: g.maximize };
    if (tryFusedStep("rmspropStep", [p, grad, state.squareAvg, gradAvg, buf], attrs)) return;
    let d = g.maximize ? grad.neg() : grad;
    if (g.weightDecay !== 0) d = d.add(p, { alpha: g.weightDecay });
    // (value * t1) * t2 and (value * t1) / t2, the evaluation order of PyTorch's addcmul/addcdiv
    state.squareAvg.mul_(g.alpha).add_(d.mul(1 - g.alpha).mul(d));
    let avg: Tensor;
    if (gradAvg) {
      gradAvg.mul_(g.alpha).add_(d, { alpha: 1 - g.alpha });
      avg = state.squareAvg.sub(gradAvg.mul(gradAvg)).sqrt();
    } else avg = state.squareAvg.sqrt();
    avg = avg.add(g.eps);
    if (buf) {
      buf.mul_(g.momentum).add_(d.div(avg));
      p.add_(buf, { alpha: -g.lr });
    } else p.add_(d.mul(-g.lr).div(avg));
  }

  /** State created before an option was switched on is missing its buffer; PyTorch fails the same way. */
  #required(t: Tensor | undefined, key: string, option: string): Tensor {
    if (!t) throw new TypeError(`RMSprop: state '${key}' is missing; '${option}' was turned on after the first step`);
    return t;
  }
}
