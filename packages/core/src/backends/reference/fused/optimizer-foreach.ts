import type { FusedKernels } from "../../../backend/fused.js";
import type { DType } from "../../../dtype.js";
import type { Tensor } from "../../../tensor.js";
import { coercer, dataOf, loader, offsets, type Data } from "../buffer.js";

/**
 * The multi-tensor optimizer steps: one call updates every parameter of a
 * group, one pass over each parameter's memory, with each operation of the
 * formula rounded to the tensor dtype as the decomposition would round it.
 */

/** Element k of a tensor, read and written through its strides (half types decoded and re-encoded). */
class Elements {
  readonly n: number;
  private readonly data: Data;
  private readonly at: Int32Array;
  private readonly load: ((v: number) => number) | null;
  private readonly store: ((v: number) => number) | null;

  constructor(t: Tensor) {
    const v = t.kernelView;
    this.data = dataOf(v);
    this.at = offsets(v);
    this.n = this.at.length;
    this.load = loader(v.dtype);
    this.store = coercer(v.dtype);
  }

  get(k: number): number {
    const raw = this.data[this.at[k]!]!;
    return this.load ? this.load(raw) : raw;
  }

  set(k: number, value: number): void {
    this.data[this.at[k]!] = this.store ? this.store(value) : value;
  }
}

/** Rounds an intermediate result to what `dtype` holds (half types compute in float32, as core's decomposition does). */
function rounding(dtype: DType): (v: number) => number {
  return dtype === "float64" ? (v) => v : Math.fround;
}

export const sgdStepForeach: FusedKernels["sgdStepForeach"] = (params, grads, momentumBuffers, a) => {
  params.forEach((param, i) => {
    const [p, g] = [new Elements(param), new Elements(grads[i]!)];
    const buf = momentumBuffers ? new Elements(momentumBuffers[i]!) : null;
    const r = rounding(param.dtype);
    const first = a.firstSteps[i]!;
    for (let k = 0; k < p.n; k++) {
      const x = p.get(k);
      let d = a.maximize ? -g.get(k) : g.get(k);
      if (a.weightDecay !== 0) d = r(d + r(a.weightDecay * x));
      if (buf) {
        const b = first ? d : r(r(a.momentum * buf.get(k)) + r((1 - a.dampening) * d));
        buf.set(k, b);
        d = a.nesterov ? r(d + r(a.momentum * b)) : b;
      }
      p.set(k, r(x - r(a.lr * d)));
    }
  });
};

export const adamStepForeach: FusedKernels["adamStepForeach"] = (params, grads, expAvgs, expAvgSqs, maxExpAvgSqs, a) => {
  params.forEach((param, i) => {
    const [p, g, m, v] = [new Elements(param), new Elements(grads[i]!), new Elements(expAvgs[i]!), new Elements(expAvgSqs[i]!)];
    const vmax = maxExpAvgSqs ? new Elements(maxExpAvgSqs[i]!) : null;
    const r = rounding(param.dtype);
    const step = a.steps[i]!;
    const stepSize = r(-(a.lr / (1 - a.beta1 ** step)));
    const correction2Sqrt = Math.sqrt(1 - a.beta2 ** step);
    for (let k = 0; k < p.n; k++) {
      let x = p.get(k);
      let d = a.maximize ? -g.get(k) : g.get(k);
      if (a.decoupledWeightDecay) x = r(x * r(1 - a.lr * a.weightDecay));
      else if (a.weightDecay !== 0) d = r(d + r(a.weightDecay * x));
      const mk = r(r(a.beta1 * m.get(k)) + r((1 - a.beta1) * d));
      const vk = r(r(a.beta2 * v.get(k)) + r(r((1 - a.beta2) * d) * d));
      m.set(k, mk);
      v.set(k, vk);
      let second = vk;
      if (vmax) {
        second = Math.max(vmax.get(k), vk);
        vmax.set(k, second);
      }
      const denom = r(r(r(Math.sqrt(second)) / correction2Sqrt) + a.eps);
      p.set(k, r(x + r(r(mk * stepSize) / denom)));
    }
  });
};
