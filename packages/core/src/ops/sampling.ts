/**
 * Sampling with tensor parameters, PyTorch's CPU way for a seed:
 * `torch.bernoulli(p)` draws one uniform per element (24 bits compared in
 * float32, 53 bits for float64 probabilities) and keeps it when it is below
 * p; `torch.normal` with tensor mean or std fills the broadcast shape with
 * standard normals (`normal_`'s algorithm) and then scales and shifts them,
 * in the order PyTorch does. The numbers are drawn on the host, the
 * comparison and arithmetic run on the tensors' device. Samples are not
 * differentiable: the parameters get zero gradients, as in PyTorch.
 */
import { noGrad } from "../autograd/grad-mode.js";
import { record } from "../autograd/record.js";
import { isFloatingPoint, type DType } from "../dtype.js";
import { DTypeError } from "../errors.js";
import { normalValues } from "../random/distributions.js";
import { defaultGenerator, Generator } from "../random/generator.js";
import { broadcastShapes, numel, type Shape } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { fromHost } from "./dispatch.js";
import { getDefaultDType, toHost, zerosLike } from "./creation.js";
import { installMethods } from "./methods.js";

declare module "../tensor.js" {
  interface Tensor {
    bernoulli(options?: { generator?: Generator }): Tensor;
  }
}

export interface SampleOptions {
  generator?: Generator;
}

function generatorOf(op: string, options: SampleOptions | undefined): Generator {
  const g = options?.generator;
  if (g !== undefined && !(g instanceof Generator)) throw new TypeError(`${op}: generator must be a torch.Generator`);
  return g ?? defaultGenerator;
}

/** The parameters' zero gradients, so a sample can sit in a graph as PyTorch's does. */
function withZeroGradient(name: string, inputs: readonly (Tensor | null)[], out: Tensor): Tensor {
  return record(name, inputs, out, () => inputs.map((t) => (t ? zerosLike(t) : null)));
}

function canReadBack(t: Tensor): boolean {
  return t.numel() > 0 && t.storage.backend.allocator.readSync !== undefined;
}

/** `torch.bernoulli(p)`: 1 with probability p, element by element, in p's dtype. */
export function bernoulli(p: Tensor, options?: SampleOptions): Tensor {
  const op = "bernoulli";
  if (!isFloatingPoint(p.dtype)) throw new DTypeError(`${op}: expected a floating point tensor of probabilities, got ${p.dtype}`);
  const g = generatorOf(op, options);
  if (canReadBack(p) && noGrad(() => p.lt(0).logicalOr(p.gt(1)).logicalOr(p.isnan()).any().item())) {
    throw new RangeError(`${op}: expected all probabilities in p to be in [0, 1]`);
  }
  const wide = p.dtype === "float64";
  const n = p.numel();
  const draws = new Float64Array(n);
  for (let i = 0; i < n; i++) draws[i] = wide ? g.random() : g.randomFloat();
  const compareIn: DType = wide ? "float64" : "float32";
  const out = noGrad(() => {
    const u = fromHost(toHost(draws, compareIn), p.shape, compareIn, p.device);
    return u.lt(p.to(compareIn)).to(p.dtype);
  });
  return withZeroGradient("BernoulliBackward0", [p], out);
}

export interface NormalOptions extends SampleOptions {
  /** For `normal(mean, std, size)`: the dtype of the result (default: the default float dtype). */
  dtype?: DType;
}

function standardNormals(g: Generator, shape: Shape, dtype: DType, std: number, like: Tensor | null): Tensor {
  const values = normalValues(g, numel(shape), 0, std, dtype, true);
  return fromHost(toHost(values, dtype), shape, dtype, like?.device);
}

function checkStd(op: string, std: Tensor | number): void {
  if (typeof std === "number") {
    if (!(std >= 0)) throw new RangeError(`${op}: expects std >= 0.0, but found std ${std}`);
  } else if (canReadBack(std) && noGrad(() => std.lt(0).any().item())) {
    throw new RangeError(`${op}: expects all elements of std >= 0.0`);
  }
}

/**
 * `torch.normal`: `normal(mean, std)` with either or both tensors (the
 * broadcast shape, in the tensor's dtype), or `normal(mean, std, size)` with
 * numbers.
 */
export function normal(mean: Tensor | number, std: Tensor | number, size?: Shape | NormalOptions, options?: NormalOptions): Tensor {
  const op = "normal";
  const o = Array.isArray(size) ? options : (size as NormalOptions | undefined);
  const g = generatorOf(op, o);
  checkStd(op, std);
  if (typeof mean === "number" && typeof std === "number") {
    if (!Array.isArray(size)) throw new TypeError(`${op}: with a number mean and std, pass the size: normal(mean, std, size)`);
    return standardNormals(g, size as Shape, o?.dtype ?? getDefaultDType(), 1, null).mul(std).add(mean);
  }
  if (Array.isArray(size)) throw new TypeError(`${op}: size is only taken with a number mean and std; the tensors' shapes give it`);
  const like = (typeof mean === "number" ? std : mean) as Tensor;
  if (!isFloatingPoint(like.dtype)) throw new DTypeError(`${op}: expected a floating point mean or std, got ${like.dtype}`);
  const out = noGrad(() => {
    if (typeof std === "number") {
      // normal_(0, std) then + mean
      const m = mean as Tensor;
      return standardNormals(g, m.shape, m.dtype, std, m).add(m);
    }
    const shape = typeof mean === "number" ? std.shape : broadcastShapes(op, (mean as Tensor).shape, std.shape);
    return standardNormals(g, shape, like.dtype, 1, like).mul(std).add(mean).to(like.dtype);
  });
  return withZeroGradient("NormalBackward", [typeof mean === "number" ? null : mean, typeof std === "number" ? null : std], out);
}

installMethods({
  bernoulli(o?: SampleOptions) { return bernoulli(this, o); },
});
