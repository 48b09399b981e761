import { fullLike } from "../ops/creation.js";
import type { Tensor } from "../tensor.js";
import { tryFusedStep } from "./fused-step.js";
import { checkOption, Optimizer, type ParamGroup, type ParamsInput } from "./optimizer.js";

export interface AdagradOptions {
  /** Default 1e-2. */
  lr?: number;
  /** Learning-rate decay per step. Default 0. */
  lrDecay?: number;
  /** L2 penalty. Default 0. */
  weightDecay?: number;
  /** Starting value of the squared-gradient sum. Default 0. */
  initialAccumulatorValue?: number;
  /** Default 1e-10. */
  eps?: number;
  /** Default false. */
  maximize?: boolean;
}

export interface AdagradGroup extends ParamGroup {
  lrDecay: number;
  eps: number;
  weightDecay: number;
  initialAccumulatorValue: number;
  maximize: boolean;
}

export type AdagradState = { step: number; sum: Tensor };

/**
 * Adagrad (PyTorch's `torch.optim.Adagrad`). As in PyTorch, every
 * parameter's state is created up front, filled with
 * `initialAccumulatorValue`.
 *
 * @example
 * ```ts
 * const opt = new optim.Adagrad(model.parameters(), { lr: 0.1, lrDecay: 1e-4 });
 * ```
 */
export class Adagrad extends Optimizer<AdagradGroup, AdagradState> {
  constructor(params: ParamsInput<AdagradOptions>, options: AdagradOptions = {}) {
    const o = { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false, ...options };
    checkOption("Adagrad", o.lr >= 0, `Invalid learning rate: ${o.lr}`);
    checkOption("Adagrad", o.lrDecay >= 0, `Invalid lr_decay value: ${o.lrDecay}`);
    checkOption("Adagrad", o.weightDecay >= 0, `Invalid weight_decay value: ${o.weightDecay}`);
    checkOption("Adagrad", o.initialAccumulatorValue >= 0, `Invalid initial_accumulator_value value: ${o.initialAccumulatorValue}`);
    checkOption("Adagrad", o.eps >= 0, `Invalid epsilon value: ${o.eps}`);
    super(params as ParamsInput<Omit<AdagradGroup, "params">>, {
      lr: o.lr, lrDecay: o.lrDecay, eps: o.eps, weightDecay: o.weightDecay, initialAccumulatorValue: o.initialAccumulatorValue,
      foreach: null, maximize: o.maximize,
    });
  }

  override addParamGroup(group: Parameters<Optimizer<AdagradGroup, AdagradState>["addParamGroup"]>[0]): void {
    super.addParamGroup(group);
    // state is created when a group is added, including the constructor's groups
    const added = this.paramGroups[this.paramGroups.length - 1]!;
    for (const p of added.params) this.stateFor(p, () => ({ step: 0, sum: fullLike(p, added.initialAccumulatorValue) }));
  }

  protected override updateGroup(group: AdagradGroup): void {
    for (const p of group.params) {
      if (p.gradValue) this.#update(p, p.gradValue, group, this.state.get(p)!);
    }
  }

  #update(p: Tensor, grad: Tensor, g: AdagradGroup, state: AdagradState): void {
    state.step += 1;
    const attrs = { lr: g.lr, lrDecay: g.lrDecay, weightDecay: g.weightDecay, eps: g.eps, maximize: g.maximize, step: state.step };
    if (tryFusedStep("adagradStep", [p, grad, state.sum], attrs)) return;
    let d = g.maximize ? grad.neg() : grad;
    if (g.weightDecay !== 0) d = d.add(p, { alpha: g.weightDecay });
    const clr = g.lr / (1 + (state.step - 1) * g.lrDecay);
    state.sum.add_(d.mul(d));
    // (value * grad) / std, the evaluation order of PyTorch's addcdiv
    p.add_(d.mul(-clr).div(state.sum.sqrt().add(g.eps)));
  }
}
