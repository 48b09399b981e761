import type { backends, Tensor } from "@taimatsu/core";
import { hostKernel } from "../host.js";
import { empty, putNumbers, putTensors } from "./tensors.js";

const kernel = hostKernel("activation");

// op codes of native/src/fused/activation.cc
const enum Op { Hardtanh, LeakyRelu, Gelu, GeluTanh, Silu, Mish, Hardswish, Hardsigmoid, Elu, Softplus, LogSigmoid }

function run(input: Tensor, op: Op, a = 0, b = 0, c = 0): Tensor {
  const out = empty(input.shape, input.dtype);
  putTensors(putNumbers(0, op, a, b, c), out, input);
  kernel();
  return out;
}

type K = backends.FusedKernels;

/** The pointwise activations, each one pass computed in double and rounded once. */
export const activations: Pick<K, "hardtanh" | "leakyRelu" | "gelu" | "silu" | "mish" | "hardswish" | "hardsigmoid" | "elu" | "selu" | "celu" | "softplus" | "logSigmoid"> = {
  hardtanh: (x, a) => run(x, Op.Hardtanh, a.minVal, a.maxVal),
  leakyRelu: (x, a) => run(x, Op.LeakyRelu, a.negativeSlope),
  gelu: (x, a) => run(x, a.approximate === "tanh" ? Op.GeluTanh : Op.Gelu),
  silu: (x) => run(x, Op.Silu),
  mish: (x) => run(x, Op.Mish),
  hardswish: (x) => run(x, Op.Hardswish),
  hardsigmoid: (x) => run(x, Op.Hardsigmoid),
  elu: (x, a) => run(x, Op.Elu, a.alpha, a.scale, a.inputScale),
  selu: (x, a) => run(x, Op.Elu, a.alpha, a.scale, a.inputScale),
  celu: (x, a) => run(x, Op.Elu, a.alpha, a.scale, a.inputScale),
  softplus: (x, a) => run(x, Op.Softplus, a.beta, a.threshold),
  logSigmoid: (x) => run(x, Op.LogSigmoid),
};
