import * as torch from "@taimatsu/core";
import { elementwiseCall } from "../kernels/elementwise.js";
import type { DeviceState } from "../runtime/device-state.js";

type Tensor = torch.Tensor;

/** A fresh contiguous tensor like `t` on its device (the fused kernels' outputs). */
function emptyLike(t: Tensor): Tensor {
  return torch.empty(t.shape, { dtype: t.dtype, device: t.device });
}

/** `expr` over x0, x1, ... (the inputs, in out's dtype) into a new tensor of the first input's shape. */
function pointwise(state: DeviceState, op: string, inputs: Tensor[], expr: string): Tensor {
  const out = emptyLike(inputs[0]!);
  const views = inputs.map((t) => t.kernelView);
  const dtype = out.dtype;
  state.run(
    elementwiseCall({ kernel: "fused", op, out: out.kernelView, inputs: views, computeIn: views.map(() => dtype), exprDType: dtype, expr }),
    out.kernelView,
    views,
  );
  return out;
}

/**
 * relu and its gradient in one pass each (core's decomposition takes a
 * comparison and a where, with a bool tensor in between). NaN stays NaN
 * forward; backward passes the gradient wherever the output is not <= 0.
 */
export function reluKernels(state: DeviceState) {
  return {
    relu: (input: Tensor) => pointwise(state, "relu", [input], "select(x0, 0.0, !is_nan(x0) && x0 <= 0.0)"),
    reluBackward: (gradOutput: Tensor, output: Tensor) => pointwise(state, "reluBackward", [gradOutput, output], "select(x0, 0.0, !is_nan(x1) && x1 <= 0.0)"),
  };
}
