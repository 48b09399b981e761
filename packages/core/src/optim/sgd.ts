import { zerosLike } from "../ops/creation.js";
import type { Tensor } from "../tensor.js";
import { foreachKernel, hasFusedStep, tryFusedStep, written } from "./fused-step.js";
import { checkOption, Optimizer, type ParamGroup, type ParamsInput } from "./optimizer.js";

export interface SGDOptions {
  /** Learning rate (required, here or in every group). */
  lr?: number;
  /** Momentum factor. Default 0. */
  momentum?: number;
  /** Dampening for momentum. Default 0. */
  dampening?: number;
  /** L2 penalty added to the gradient. Default 0. */
  weightDecay?: number;
  /** Nesterov momentum (needs momentum > 0 and dampening 0). Default false. */
  nesterov?: boolean;
  /** Maximise the objective instead of minimising it. Default false. */
  maximize?: boolean;
}

export interface SGDGroup extends ParamGroup {
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
}

export type SGDState = { momentumBuffer: Tensor | null };

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and
 * weight decay (PyTorch's `torch.optim.SGD`, same update rule and state).
 *
 * @example
 * ```ts
 * const opt = new optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
 * // per-group options:
 * new optim.SGD([{ params: base.parameters() }, { params: head.parameters(), lr: 0.1 }], { lr: 0.01, momentum: 0.9 });
 * ```
 */
export class SGD extends Optimizer<SGDGroup, SGDState> {
  constructor(params: ParamsInput<SGDOptions>, options: SGDOptions = {}) {
    const { lr, momentum = 0, dampening = 0, weightDecay = 0, nesterov = false, maximize = false } = options;
    checkOption("SGD", lr === undefined || lr >= 0, `Invalid learning rate: ${lr}`);
    checkOption("SGD", momentum >= 0, `Invalid momentum value: ${momentum}`);
    checkOption("SGD", weightDecay >= 0, `Invalid weight_decay value: ${weightDecay}`);
    checkOption("SGD", !nesterov || (momentum > 0 && dampening === 0), "Nesterov momentum requires a momentum and zero dampening");
    // lr stays undefined when not given, so a group without one is reported
    super(params as ParamsInput<Omit<SGDGroup, "params">>, {
      lr: lr as number, momentum, dampening, weightDecay, nesterov, maximize, foreach: null, differentiable: false,
    });
  }

  protected override updateGroup(group: SGDGroup): void {
    const params = group.params.filter((p) => p.gradValue !== null);
    if (this.#updateForeach(params, group)) return;
    for (const p of params) this.#update(p, p.gradValue!, group);
  }

  /** The whole group in one `sgdStepForeach` call, when the backend has it. */
  #updateForeach(params: Tensor[], g: SGDGroup): boolean {
    const grads = params.map((p) => p.gradValue!);
    const kernel = params.length > 0 ? foreachKernel("sgdStepForeach", [params, grads]) : undefined;
    if (!kernel) return false;
    const states = params.map((p) => this.stateFor(p, () => ({ momentumBuffer: null })));
    const firstSteps = states.map((s) => g.momentum !== 0 && s.momentumBuffer === null);
    states.forEach((s, i) => firstSteps[i] && this.#setBuffer(s, zerosLike(params[i]!)));
    const buffers = g.momentum !== 0 ? states.map((s) => s.momentumBuffer!) : null;
    const attrs = { lr: g.lr, momentum: g.momentum, dampening: g.dampening, weightDecay: g.weightDecay, nesterov: g.nesterov, maximize: g.maximize, firstSteps };
    kernel(params, grads, buffers, attrs);
    written(params, buffers);
    return true;
  }

  #update(p: Tensor, grad: Tensor, g: SGDGroup): void {
    const state = this.stateFor(p, () => ({ momentumBuffer: null }));
    const fused = hasFusedStep("sgdStep", [p, grad]);
    if (fused) {
      const firstStep = g.momentum !== 0 && state.momentumBuffer === null;
      if (firstStep) this.#setBuffer(state, zerosLike(p));
      const attrs = { lr: g.lr, momentum: g.momentum, dampening: g.dampening, weightDecay: g.weightDecay, nesterov: g.nesterov, maximize: g.maximize, firstStep };
      tryFusedStep("sgdStep", [p, grad, g.momentum !== 0 ? state.momentumBuffer : null], attrs);
      return;
    }
    let d = g.maximize ? grad.neg() : grad;
    if (g.weightDecay !== 0) d = d.add(p, { alpha: g.weightDecay });
    if (g.momentum !== 0) {
      let buf = state.momentumBuffer;
      if (buf === null) buf = this.#setBuffer(state, d.clone());
      else buf.mul_(g.momentum).add_(d, { alpha: 1 - g.dampening });
      d = g.nesterov ? d.add(buf, { alpha: g.momentum }) : buf;
    }
    p.add_(d, { alpha: -g.lr });
  }

  #setBuffer(state: SGDState, buf: Tensor): Tensor {
    state.momentumBuffer = buf;
    return this.keepState(buf);
  }
}
