import { adamUpdate, adamUpdateForeach, initAdamState, type AdamGroup, type AdamState } from "./adam-update.js";
import { checkAdamOptions, type AdamOptions } from "./adam.js";
import { Optimizer, type ParamsInput } from "./optimizer.js";

/**
 * AdamW (PyTorch's `torch.optim.AdamW`): Adam with decoupled weight decay,
 * `param *= 1 - lr * weightDecay` before the Adam update. Default
 * weightDecay is 1e-2.
 *
 * @example
 * ```ts
 * const opt = new optim.AdamW(model.parameters(), { lr: 3e-4, weightDecay: 0.05 });
 * ```
 */
export class AdamW extends Optimizer<AdamGroup, AdamState> {
  constructor(params: ParamsInput<AdamOptions>, options: AdamOptions = {}) {
    const o = { lr: 1e-3, betas: [0.9, 0.999] as [number, number], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, maximize: false, ...options };
    checkAdamOptions("AdamW", o);
    // PyTorch 1.13's AdamW groups carry these keys, in this order
    super(params as ParamsInput<Omit<AdamGroup, "params">>, {
      lr: o.lr, betas: [...o.betas], eps: o.eps, weightDecay: o.weightDecay, amsgrad: o.amsgrad,
      foreach: null, maximize: o.maximize, capturable: false,
    });
  }

  protected override updateGroup(group: AdamGroup): void {
    const params = group.params.filter((p) => p.gradValue !== null);
    const states = params.map((p) => this.stateFor(p, () => initAdamState(p, group.amsgrad)));
    if (adamUpdateForeach(params, states, group, true)) return;
    params.forEach((p, i) => adamUpdate(p, p.gradValue!, states[i]!, group, true));
  }
}
