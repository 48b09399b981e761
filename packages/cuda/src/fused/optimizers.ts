import type { backends, Tensor } from "@taimatsu/core";
import type { CudaDevice } from "../runtime/device.js";
import { numel, packSameShapeOptional } from "../kernels/views.js";

type View = backends.View;
type Fused = backends.FusedKernels;

const FLOAT_SUFFIX: Record<string, string> = { float32: "f32", float64: "f64" };

function floatSuffix(op: string, t: Tensor): string {
  const s = FLOAT_SUFFIX[t.dtype];
  if (!s) throw new TypeError(`${op} on cuda: parameters must be float32 or float64, got ${t.dtype}`);
  return s;
}

export function optimizerKernels(devOf: (v: View) => CudaDevice): Pick<Fused, "sgdStep" | "sgdStepForeach" | "adamStep" | "adamStepForeach"> {
  const sgdStep: Fused["sgdStep"] = (param, grad, buf, a) => {
    const dev = devOf(param.kernelView);
    const n = numel(param.shape);
    dev.launch(`sgd_step_${floatSuffix("sgdStep", param)}`, n, (p) => {
      packSameShapeOptional(p, param.shape, [param, grad, buf].map((t) => t && (t.kernelView as View)));
      p.f64(a.lr).f64(a.momentum).f64(a.dampening).f64(a.weightDecay);
      p.i32(a.nesterov ? 1 : 0).i32(a.maximize ? 1 : 0).i32(a.firstStep ? 1 : 0);
      p.i64(n);
    });
  };
  const adamStep: Fused["adamStep"] = (param, grad, expAvg, expAvgSq, maxSq, a) => {
    const dev = devOf(param.kernelView);
    const n = numel(param.shape);
    const stepSize = a.lr / (1 - a.beta1 ** a.step);
    const bc2Sqrt = Math.sqrt(1 - a.beta2 ** a.step);
    dev.launch(`adam_step_${floatSuffix("adamStep", param)}`, n, (p) => {
      packSameShapeOptional(p, param.shape, [param, grad, expAvg, expAvgSq, a.amsgrad ? maxSq : null].map((t) => t && (t.kernelView as View)));
      p.f64(a.lr).f64(a.beta1).f64(a.beta2).f64(a.eps).f64(a.weightDecay);
      p.i32(a.maximize ? 1 : 0).i32(a.decoupledWeightDecay ? 1 : 0);
      p.f64(stepSize).f64(bc2Sqrt);
      p.i64(n);
    });
  };
  return {
    sgdStep,
    adamStep,
    // one launch per parameter, queued back to back on the stream
    sgdStepForeach: (params, grads, bufs, a) => {
      params.forEach((param, i) => sgdStep(param, grads[i]!, bufs ? bufs[i]! : null, { ...a, firstStep: a.firstSteps[i]! }));
    },
    adamStepForeach: (params, grads, expAvgs, expAvgSqs, maxSqs, a) => {
      params.forEach((param, i) => adamStep(param, grads[i]!, expAvgs[i]!, expAvgSqs[i]!, maxSqs ? maxSqs[i]! : null, { ...a, step: a.steps[i]! }));
    },
  };
}
