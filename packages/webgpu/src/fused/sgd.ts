import type * as torch from "@taimatsu/core";
import type { backends } from "@taimatsu/core";
import { sgdCall, type SgdScalars } from "../kernels/sgd.js";
import type { DeviceState } from "../runtime/device-state.js";

type Tensor = torch.Tensor;
type Fused = backends.FusedKernels;

/** SGD's update, one kernel per parameter (the foreach form runs them back to back in one batch). */
export function sgdKernels(state: DeviceState): Pick<Fused, "sgdStep" | "sgdStepForeach"> {
  const step = (param: Tensor, grad: Tensor, buffer: Tensor | null, a: SgdScalars) => {
    const views = buffer ? [grad.kernelView, buffer.kernelView] : [grad.kernelView];
    state.run(sgdCall(param.kernelView, grad.kernelView, buffer?.kernelView ?? null, a), param.kernelView, views);
  };
  const sgdStep: Fused["sgdStep"] = (param, grad, buffer, attrs) => step(param, grad, buffer, attrs);
  const sgdStepForeach: Fused["sgdStepForeach"] = (params, grads, buffers, attrs) =>
    params.forEach((p, i) => step(p, grads[i]!, buffers?.[i] ?? null, { ...attrs, firstStep: attrs.firstSteps[i]! }));
  return { sgdStep, sgdStepForeach };
}
