import { record } from "../autograd/record.js";
import { assertDType, isFloatingPoint, type DType } from "../dtype.js";
import { normalizeDim } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { compositeForward } from "./composite.js";
import { installMethods } from "./methods.js";
import { toFloatDType } from "./operands.js";

/** softmax / logSoftmax along a dim: composite ops with closed-form gradients. */

declare module "../tensor.js" {
  interface Tensor {
    softmax(dim: number, options?: { dtype?: DType }): Tensor;
    logSoftmax(dim: number, options?: { dtype?: DType }): Tensor;
  }
}

function prepare(x: Tensor, dtype?: DType): Tensor {
  const target = dtype ?? (isFloatingPoint(x.dtype) ? x.dtype : toFloatDType(x.dtype));
  return x.dtype === target ? x : x.to({ dtype: assertDType(target, "softmax") });
}

export function logSoftmax(input: Tensor, dim: number, options: { dtype?: DType } = {}): Tensor {
  const x = prepare(input, options.dtype);
  const d = normalizeDim("log_softmax", dim, x.ndim);
  const out = compositeForward("logSoftmax", [x], { dim: d }, () => x.sub(x.logsumexp(d, { keepdim: true })));
  return record("LogSoftmaxBackward0", [x], out, ([g]) => [g!.sub(out.exp().mul(g!.sum(d, { keepdim: true })))], [out]);
}

export function softmax(input: Tensor, dim: number, options: { dtype?: DType } = {}): Tensor {
  const x = prepare(input, options.dtype);
  const d = normalizeDim("softmax", dim, x.ndim);
  const out = compositeForward("softmax", [x], { dim: d }, () => {
    const e = x.sub(x.amax(d, { keepdim: true })).exp();
    return e.div(e.sum(d, { keepdim: true }));
  });
  return record("SoftmaxBackward0", [x], out, ([g]) => {
    const gy = g!.mul(out);
    return [gy.sub(out.mul(gy.sum(d, { keepdim: true })))];
  }, [out]);
}

installMethods({
  softmax(dim: number, o?: { dtype?: DType }) { return softmax(this, dim, o); },
  logSoftmax(dim: number, o?: { dtype?: DType }) { return logSoftmax(this, dim, o); },
});
