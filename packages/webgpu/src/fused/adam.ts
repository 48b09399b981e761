import type * as torch from "@taimatsu/core";
import type { backends } from "@taimatsu/core";
import { type AdamScalars, adamCall } from "../kernels/adam.js";
import type { DeviceState } from "../runtime/device-state.js";

type Tensor = torch.Tensor;
type Fused = backends.FusedKernels;

/** Adam's and AdamW's update, one kernel per parameter (the foreach form runs them back to back in one batch). */
export function adamKernels(state: DeviceState): Pick<Fused, "adamStep" | "adamStepForeach"> {
  const step = (param: Tensor, grad: Tensor, m: Tensor, v: Tensor, vmax: Tensor | null, a: AdamScalars) => {
    const inputs = [grad.kernelView, m.kernelView, v.kernelView, ...(vmax ? [vmax.kernelView] : [])];
    state.run(adamCall(param.kernelView, grad.kernelView, m.kernelView, v.kernelView, vmax?.kernelView ?? null, a), param.kernelView, inputs);
  };
  return {
    adamStep: (param, grad, m, v, vmax, attrs) => step(param, grad, m, v, vmax, attrs),
    adamStepForeach: (params, grads, ms, vs, vmaxs, attrs) =>
      params.forEach((p, i) => step(p, grads[i]!, ms[i]!, vs[i]!, vmaxs?.[i] ?? null, { ...attrs, step: attrs.steps[i]! })),
  };
}
