import { adamUpdate, adamUpdateForeach, initAdamState, type AdamGroup, type AdamState } from "./adam-update.js";
import { checkOption, Optimizer, type ParamsInput } from "./optimizer.js";

export interface AdamOptions {
  /** Default 1e-3. */
  lr?: number;
  /** Decay rates of the first and second moment estimates. Default [0.9, 0.999]. */
  betas?: [number, number];
  /** Added to the denominator for stability. Default 1e-8. */
  eps?: number;
  /** L2 penalty added to the gradient (Adam) or decoupled decay (AdamW). Default 0 (Adam), 1e-2 (AdamW). */
  weightDecay?: number;
  /** Use the running maximum of the second moment (AMSGrad). Default false. */
  amsgrad?: boolean;
  /** Maximise the objective. Default false. */
  maximize?: boolean;
}

/** PyTorch's validation, shared with AdamW. */
export function checkAdamOptions(name: string, o: Required<AdamOptions>): void {
  checkOption(name, o.lr >= 0, `Invalid learning rate: ${o.lr}`);
  checkOption(name, o.eps >= 0, `Invalid epsilon value: ${o.eps}`);
  checkOption(name, o.betas[0] >= 0 && o.betas[0] < 1, `Invalid beta parameter at index 0: ${o.betas[0]}`);
  checkOption(name, o.betas[1] >= 0 && o.betas[1] < 1, `Invalid beta parameter at index 1: ${o.betas[1]}`);
  checkOption(name, o.weightDecay >= 0, `Invalid weight_decay value: ${o.weightDecay}`);
}

/**
 * Adam (PyTorch's `torch.optim.Adam`): adaptive moment estimation with bias
 * correction, optional AMSGrad and L2 weight decay.
 *
 * @example
 * ```ts
 * const opt = new optim.Adam(model.parameters(), { lr: 1e-3, betas: [0.9, 0.999] });
 * ```
 */
export class Adam extends Optimizer<AdamGroup, AdamState> {
  constructor(params: ParamsInput<AdamOptions>, options: AdamOptions = {}) {
    const o = { lr: 1e-3, betas: [0.9, 0.999] as [number, number], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false, ...options };
    checkAdamOptions("Adam", o);
    super(params as ParamsInput<Omit<AdamGroup, "params">>, {
      lr: o.lr, betas: [...o.betas], eps: o.eps, weightDecay: o.weightDecay, amsgrad: o.amsgrad, maximize: o.maximize,
      foreach: null, capturable: false, differentiable: false, fused: false,
    });
  }

  protected override updateGroup(group: AdamGroup): void {
    const params = group.params.filter((p) => p.gradValue !== null);
    const states = params.map((p) => this.stateFor(p, () => initAdamState(p, group.amsgrad)));
    if (adamUpdateForeach(params, states, group, false)) return;
    params.forEach((p, i) => adamUpdate(p, p.gradValue!, states[i]!, group, false));
  }
}

