import { record } from "../autograd/record.js";
import { isFloatingPoint, isReducedFloat } from "../dtype.js";
import { DTypeError } from "../errors.js";
import type { Tensor } from "../tensor.js";
import { compositeForward } from "./composite.js";

/**
 * Activation functions (`torch.nn.functional.*`). Each pointwise activation
 * is a composite op: the forward runs as the backend's fused kernel of that
 * name when there is one, else as a decomposition, and the gradient is the
 * closed form PyTorch uses, side by side, including its value at kinks
 * (relu'(0) = 0, hardswish'(-3) = -0.5, elu'(0) = alpha, ...). relu, sigmoid
 * and tanh are also Tensor methods (see unary.ts), as in PyTorch.
 */

type Backward = (g: Tensor, x: Tensor) => Tensor;

/**
 * One recorded node: forward decomposition and gradient with respect to the
 * input. float16/bfloat16 run both in float32 and round once at the end, as
 * PyTorch's kernels do, instead of rounding after every step.
 */
function pointwise(op: string, node: string, x: Tensor, attrs: object, forward: (x: Tensor) => Tensor, backward: Backward): Tensor {
  const half = isReducedFloat(x.dtype);
  const out = compositeForward(op, [x], attrs, () => (half ? forward(x.float()).to(x.dtype) : forward(x)));
  return record(node, [x], out, ([g]) => [half ? backward(g!.float(), x.float()).to(x.dtype) : backward(g!, x)], [x]);
}

function requireFloat(op: string, x: Tensor): void {
  if (!isFloatingPoint(x.dtype)) throw new DTypeError(`${op}: not implemented for '${x.dtype}' (expected a floating point tensor)`);
}

export function relu(input: Tensor): Tensor {
  return input.relu();
}

export function sigmoid(input: Tensor): Tensor {
  return input.sigmoid();
}

export function tanh(input: Tensor): Tensor {
  return input.tanh();
}

/** clamp(x, min, max); the gradient flows only strictly inside (min, max). */
export function hardtanh(input: Tensor, minVal = -1, maxVal = 1): Tensor {
  if (minVal > maxVal) throw new RangeError(`hardtanh: min_val cannot be greater than max_val (got ${minVal} > ${maxVal})`);
  return pointwise("hardtanh", "HardtanhBackward0", input, { minVal, maxVal }, (x) => x.clamp(minVal, maxVal), (g, x) =>
    g.where(x.gt(minVal).logicalAnd(x.lt(maxVal)), 0),
  );
}

/** hardtanh(x, 0, 6), so the gradient is 0 at both 0 and 6. */
export function relu6(input: Tensor): Tensor {
  return hardtanh(input, 0, 6);
}

export function leakyRelu(input: Tensor, negativeSlope = 0.01): Tensor {
  requireFloat("leakyRelu", input);
  const positive = (x: Tensor) => x.gt(0);
  return pointwise("leakyRelu", "LeakyReluBackward0", input, { negativeSlope }, (x) => x.where(positive(x), x.mul(negativeSlope)), (g, x) =>
    g.where(positive(x), g.mul(negativeSlope)),
  );
}

export type GeluApproximate = "none" | "tanh";

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const GELU_CUBIC = 0.044715;

/** x * Phi(x), or with `approximate: "tanh"` the tanh approximation of Phi. */
export function gelu(input: Tensor, options: { approximate?: GeluApproximate } = {}): Tensor {
  const approximate = options.approximate ?? "none";
  if (approximate !== "none" && approximate !== "tanh") throw new TypeError(`gelu: approximate argument must be either none or tanh (got ${String(approximate)})`);
  requireFloat("gelu", input);
  if (approximate === "tanh") {
    const inner = (x: Tensor) => x.add(x.pow(3).mul(GELU_CUBIC)).mul(SQRT_2_OVER_PI);
    return pointwise("gelu", "GeluBackward0", input, { approximate }, (x) => x.mul(inner(x).tanh().add(1)).mul(0.5), (g, x) => {
      const t = inner(x).tanh();
      const dInner = x.pow(2).mul(3 * GELU_CUBIC).add(1).mul(SQRT_2_OVER_PI);
      return g.mul(t.add(1).mul(0.5).add(x.mul(0.5).mul(t.mul(t).rsub(1)).mul(dInner)));
    });
  }
  const cdf = (x: Tensor) => x.mul(Math.SQRT1_2).erf().add(1).mul(0.5);
  return pointwise("gelu", "GeluBackward0", input, { approximate }, (x) => x.mul(cdf(x)), (g, x) => {
    const pdf = x.mul(x).mul(-0.5).exp().mul(1 / Math.sqrt(2 * Math.PI));
    return g.mul(cdf(x).add(x.mul(pdf)));
  });
}

/** x * sigmoid(x) (swish). */
export function silu(input: Tensor): Tensor {
  requireFloat("silu", input);
  return pointwise("silu", "SiluBackward0", input, {}, (x) => x.mul(x.sigmoid()), (g, x) => {
    const s = x.sigmoid();
    return g.mul(s.mul(x.mul(s.rsub(1)).add(1)));
  });
}

/** log(1 + exp(x)) without overflow: max(x, 0) + log1p(exp(-|x|)). */
function stableSoftplus(x: Tensor): Tensor {
  return x.clamp(0).add(x.abs().neg().exp().log1p());
}

/** x * tanh(softplus(x)). */
export function mish(input: Tensor): Tensor {
  requireFloat("mish", input);
  return pointwise("mish", "MishBackward0", input, {}, (x) => x.mul(stableSoftplus(x).tanh()), (g, x) => {
    const t = stableSoftplus(x).tanh();
    return g.mul(t.add(x.mul(x.sigmoid()).mul(t.mul(t).rsub(1))));
  });
}

/** x * relu6(x + 3) / 6; the gradient is x / 3 + 0.5 on [-3, 3] (closed at both ends, as in PyTorch). */
export function hardswish(input: Tensor): Tensor {
  requireFloat("hardswish", input);
  return pointwise("hardswish", "HardswishBackward0", input, {}, (x) => x.mul(x.add(3).clamp(0, 6)).div(6), (g, x) => {
    const slope = x.div(3).add(0.5).where(x.le(3), 1).where(x.ge(-3), 0);
    return g.mul(slope);
  });
}

/** relu6(x + 3) / 6; the gradient is 1/6 strictly inside (-3, 3). */
export function hardsigmoid(input: Tensor): Tensor {
  requireFloat("hardsigmoid", input);
  return pointwise("hardsigmoid", "HardsigmoidBackward0", input, {}, (x) => x.add(3).clamp(0, 6).div(6), (g, x) =>
    g.div(6).where(x.gt(-3).logicalAnd(x.lt(3)), 0),
  );
}

/**
 * The ELU family: scale * x for x > 0, else scale * alpha * (exp(inputScale * x) - 1).
 * The gradient at 0 takes the exponential branch, as PyTorch's elu_backward does.
 */
function eluFamily(op: string, node: string, input: Tensor, alpha: number, scale: number, inputScale: number): Tensor {
  requireFloat(op, input);
  const negative = (x: Tensor) => x.mul(inputScale).exp().sub(1).mul(alpha * scale);
  return pointwise(op, node, input, { alpha, scale, inputScale }, (x) => x.mul(scale).where(x.gt(0), negative(x)), (g, x) =>
    g.mul(scale).where(x.gt(0), g.mul(x.mul(inputScale).exp()).mul(alpha * scale * inputScale)),
  );
}

export function elu(input: Tensor, alpha = 1): Tensor {
  return eluFamily("elu", "EluBackward0", input, alpha, 1, 1);
}

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

export function selu(input: Tensor): Tensor {
  return eluFamily("selu", "EluBackward0", input, SELU_ALPHA, SELU_SCALE, 1);
}

/** max(0, x) + min(0, alpha * (exp(x / alpha) - 1)). */
export function celu(input: Tensor, alpha = 1): Tensor {
  if (alpha === 0) throw new RangeError("celu: alpha must be non-zero (the input is divided by it)");
  return eluFamily("celu", "EluBackward0", input, alpha, 1, 1 / alpha);
}

/** log(1 + exp(beta * x)) / beta, and x itself where beta * x > threshold (for stability). */
export function softplus(input: Tensor, options: { beta?: number; threshold?: number } = {}): Tensor {
  const { beta = 1, threshold = 20 } = options;
  requireFloat("softplus", input);
  const linear = (x: Tensor) => x.mul(beta).gt(threshold);
  return pointwise("softplus", "SoftplusBackward0", input, { beta, threshold }, (x) => x.where(linear(x), x.mul(beta).exp().log1p().div(beta)), (g, x) =>
    g.where(linear(x), g.mul(x.mul(beta).sigmoid())),
  );
}

/** log(sigmoid(x)) = min(x, 0) - log1p(exp(-|x|)), stable for large |x|. */
export function logSigmoid(input: Tensor): Tensor {
  requireFloat("logSigmoid", input);
  return pointwise("logSigmoid", "LogSigmoidBackward0", input, {}, (x) => x.clamp(null, 0).sub(x.abs().neg().exp().log1p()), (g, x) =>
    g.mul(x.neg().sigmoid()),
  );
}

/** x / (1 + |x|); PyTorch composes it from other ops too, so autograd supplies the gradient. */
export function softsign(input: Tensor): Tensor {
  return input.div(input.abs().add(1));
}
