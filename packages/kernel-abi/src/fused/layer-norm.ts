import type { backends } from "@taimatsu/core";
import { hostKernel } from "../host.js";
import { empty, putNumbers, putTensors } from "./tensors.js";

const forward = hostKernel("layerNorm");
const backward = hostKernel("layerNormBackward");

const count = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

export const layerNorm: backends.FusedKernels["layerNorm"] = (input, weight, bias, a) => {
  const k = a.normalizedShape.length;
  const statsShape = input.shape.map((s, i) => (i >= input.ndim - k ? 1 : s));
  const out = empty(input.shape, input.dtype);
  const mean = empty(statsShape, input.dtype);
  const rstd = empty(statsShape, input.dtype);
  putTensors(putNumbers(0, a.eps, count(a.normalizedShape), !!weight, !!bias), out, mean, rstd, input, weight, bias);
  forward();
  return [out, mean, rstd];
};

export const layerNormBackward: backends.FusedKernels["layerNormBackward"] = (gradOutput, input, weight, mean, rstd, a) => {
  const gradInput = empty(input.shape, input.dtype);
  const gradWeight = empty(a.normalizedShape, input.dtype);
  const gradBias = empty(a.normalizedShape, input.dtype);
  putTensors(putNumbers(0, count(a.normalizedShape), !!weight), gradInput, gradWeight, gradBias, gradOutput, input, mean, rstd, weight);
  backward();
  return [gradInput, gradWeight, gradBias];
};
