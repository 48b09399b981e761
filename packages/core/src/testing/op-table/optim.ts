import type { Tensor } from "../../tensor.js";
import { op, type OpSpec } from "../op-spec.js";
import { lookup } from "./lookup.js";

type OptimizerClass = new (params: Tensor[], options: object) => { step(): unknown };

/**
 * Three steps of `torch.optim.<name>` on a parameter, with the gradient given
 * as is (possibly strided) on the first step and scaled copies after; the
 * case's output is the parameter after the last step.
 */
function steps(name: string, options: object, fused: string): OpSpec {
  const run = (p: Tensor, g: Tensor) => {
    const Optimizer = lookup(`optim.${name}`) as unknown as OptimizerClass;
    const w = p.clone().detach().requiresGrad_();
    const optimizer = new Optimizer([w], options);
    for (const scale of [1, 0.5, -1.5]) {
      w.grad = scale === 1 ? g : g.mul(scale);
      optimizer.step();
    }
    return w.detach();
  };
  return op(`optim.${name}(${JSON.stringify(options).replace(/"/g, "")})`, run as OpSpec["fn"], [[[2, 3], [2, 3]], [[4], [4]]], {
    dtypes: ["float32", "float64"],
    grad: false,
    tolerance: 4,
    requires: [`optim.${name}`],
    // the multi-tensor kernel where the backend has one, else the per-parameter one
    fused: fused === "sgdStep" || fused === "adamStep" ? [fused, `${fused}Foreach`] : [fused],
  });
}

/** Optimizer updates, which backends may run as fused kernels (the optimizer block of src/backend/fused.ts). */
export const OPTIM_OPS: readonly OpSpec[] = [
  steps("SGD", { lr: 0.1 }, "sgdStep"),
  steps("SGD", { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 }, "sgdStep"),
  steps("SGD", { lr: 0.05, momentum: 0.5, dampening: 0.3, maximize: true }, "sgdStep"),
  steps("Adam", { lr: 0.01 }, "adamStep"),
  steps("Adam", { lr: 0.01, amsgrad: true, weightDecay: 0.1, maximize: true }, "adamStep"),
  steps("AdamW", { lr: 0.01, weightDecay: 0.1 }, "adamStep"),
  steps("RMSprop", { lr: 0.01, momentum: 0.9, centered: true, weightDecay: 0.01 }, "rmspropStep"),
  steps("RMSprop", { lr: 0.01 }, "rmspropStep"),
  steps("Adagrad", { lr: 0.1, lrDecay: 0.01, weightDecay: 0.01 }, "adagradStep"),
];
