import { isFloatingPoint } from "../dtype.js";
import { AutogradError } from "../errors.js";
import { randnLike, toHost, zerosLike } from "../ops/creation.js";
import { Tensor } from "../tensor.js";
import { grad } from "./engine.js";
import { enableGrad } from "./grad-mode.js";

/**
 * Finite-difference gradient checking (`torch.autograd.gradcheck` and
 * `gradgradcheck`). The analytical Jacobian comes from one vector-Jacobian
 * product per output element; the numerical one from central differences,
 * perturbing one input element at a time in its own storage. They must agree
 * elementwise within `atol + rtol * |numerical|`.
 */

export interface GradcheckOptions {
  /** Perturbation for the central differences. */
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Throw on a mismatch (default) instead of returning false. */
  raiseException?: boolean;
}

/** The function under test: takes the inputs (tensors and anything else), returns a tensor or tensors. */
export type GradcheckFn = (...inputs: any[]) => Tensor | readonly Tensor[];

/** `Jacobian[k][j]`: d output element j / d input element k, flattened row-major. */
type Jacobian = Float64Array[];

function inputList(inputs: Tensor | readonly unknown[]): unknown[] {
  return inputs instanceof Tensor ? [inputs] : [...inputs];
}

/** The floating outputs, the only ones with gradients; integer outputs (indices) are skipped. */
function differentiableOutputs(result: Tensor | readonly Tensor[]): Tensor[] {
  const list = result instanceof Tensor ? [result] : [...result];
  return list.filter((t) => t instanceof Tensor && isFloatingPoint(t.dtype));
}

function evaluate(fn: GradcheckFn, inputs: readonly unknown[]): Tensor[] {
  // gradients are needed inside fn for gradgradcheck, even when the caller is in noGrad
  return enableGrad(() => differentiableOutputs(fn(...inputs)));
}

/** Storage offset of each element of `t`, in row-major order. */
function elementOffsets(t: Tensor): number[] {
  const n = t.numel();
  const out = new Array<number>(n);
  const idx = new Array<number>(t.ndim).fill(0);
  for (let k = 0; k < n; k++) {
    out[k] = idx.reduce((o, v, d) => o + v * t.strides[d]!, t.offset);
    for (let d = t.ndim - 1; d >= 0 && ++idx[d]! === t.shape[d]; d--) idx[d] = 0;
  }
  return out;
}

/** "(1, 2)" for flat index 5 of shape [2, 3]: errors name elements as a PyTorch user indexes them. */
function elementName(shape: readonly number[], flat: number): string {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = flat % shape[d]!;
    flat = Math.floor(flat / shape[d]!);
  }
  return `(${idx.join(", ")})`;
}

function checkInputs(inputs: readonly unknown[]): number[] {
  const diff = inputs.flatMap((x, i) => (x instanceof Tensor && x.requiresGrad ? [i] : []));
  if (diff.length === 0) {
    throw new AutogradError("gradcheck expects at least one input tensor to require gradient, but none of them have requiresGrad=true.");
  }
  for (const i of diff) {
    const x = inputs[i] as Tensor;
    if (x.dtype !== "float64") {
      console.warn(`gradcheck: Input #${i} requires gradient and is not a double precision floating point (got ${x.dtype}). This check will likely fail if all the inputs are not of double precision floating point.`);
    }
    const offsets = elementOffsets(x);
    if (new Set(offsets).size !== offsets.length) {
      throw new AutogradError(
        `gradcheck: input ${i} of shape [${x.shape.join(", ")}] and strides [${x.strides.join(", ")}] has elements sharing memory ` +
          "(e.g. an expanded tensor). gradcheck only supports inputs that are non-overlapping, so that each element can be perturbed on its own.",
      );
    }
  }
  return diff;
}

/** Writes one element of `x`'s storage directly: gradcheck perturbs inputs in place, as PyTorch does through `.data`. */
function writeElement(x: Tensor, offset: number, value: number): void {
  x.storage.backend.allocator.write(x.storage.buffer, x.dtype, toHost([value], x.dtype), offset, x.storage.deviceIndex);
}

function numericalJacobian(fn: GradcheckFn, inputs: readonly unknown[], x: Tensor, outputs: readonly Tensor[], eps: number): Jacobian[] {
  const original = x.toArray();
  const offsets = elementOffsets(x);
  const jac = outputs.map(() => offsets.map(() => new Float64Array(0)));
  offsets.forEach((offset, k) => {
    writeElement(x, offset, original[k]! - eps);
    const minus = evaluate(fn, inputs).map((o) => o.toArray());
    writeElement(x, offset, original[k]! + eps);
    const plus = evaluate(fn, inputs).map((o) => o.toArray());
    writeElement(x, offset, original[k]!);
    outputs.forEach((_, o) => {
      jac[o]![k] = Float64Array.from(plus[o]!, (p, j) => (p - minus[o]![j]!) / (2 * eps));
    });
  });
  return jac;
}

/** One backward pass per output element, with a one-hot gradient; indexed [input][output]. */
function analyticalJacobians(outputs: readonly Tensor[], diffInputs: readonly Tensor[]): Jacobian[][] {
  const jac = diffInputs.map((x) => outputs.map((out) => Array.from({ length: x.numel() }, () => new Float64Array(out.numel()))));
  outputs.forEach((out, o) => {
    // an output that does not depend on any input has a zero Jacobian
    if (!out.requiresGrad) return;
    for (let j = 0; j < out.numel(); j++) {
      const hot = new Float64Array(out.numel());
      hot[j] = 1;
      const gradOutput = fromValues(hot, out).reshape(out.shape);
      const grads = grad([out], [...diffInputs], { gradOutputs: [gradOutput], retainGraph: true, allowUnused: true });
      grads.forEach((g, n) => g?.toArray().forEach((v, k) => (jac[n]![o]![k]![j] = v)));
    }
  });
  return jac;
}

/** A flat tensor of `values` with `like`'s dtype and device. */
function fromValues(values: Float64Array, like: Tensor): Tensor {
  const t = zerosLike(like).reshape([-1]);
  if (values.length) t.storage.backend.allocator.write(t.storage.buffer, t.dtype, toHost(values, t.dtype), t.offset, t.storage.deviceIndex);
  return t;
}

interface Mismatch {
  k: number;
  j: number;
  numerical: number;
  analytical: number;
}

/** The first element outside `atol + rtol * |numerical|` (NaN never passes), as `allclose(analytical, numerical)`. */
function firstMismatch(numerical: Jacobian, analytical: Jacobian, atol: number, rtol: number): Mismatch | null {
  for (let k = 0; k < numerical.length; k++) {
    for (let j = 0; j < numerical[k]!.length; j++) {
      const n = numerical[k]![j]!;
      const a = analytical[k]![j]!;
      if (!(Math.abs(a - n) <= atol + rtol * Math.abs(n)) && a !== n) return { k, j, numerical: n, analytical: a };
    }
  }
  return null;
}

/**
 * `torch.autograd.gradcheck`: checks the gradients of `fn` at `inputs` for
 * every input that requires grad and every output element. Returns true, or
 * throws (or returns false with `raiseException: false`) naming the output,
 * the input, the element and both Jacobian entries. Use float64 inputs.
 */
export function gradcheck(fn: GradcheckFn, inputs: Tensor | readonly unknown[], options: GradcheckOptions = {}): boolean {
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3, raiseException = true } = options;
  const args = inputList(inputs);
  const diffIndices = checkInputs(args);
  const diffInputs = diffIndices.map((i) => args[i] as Tensor);
  const outputs = evaluate(fn, args);
  // analytical first: the numerical pass writes into the inputs' storage
  const analytical = analyticalJacobians(outputs, diffInputs);
  for (const [n, x] of diffInputs.entries()) {
    const numerical = numericalJacobian(fn, args, x, outputs, eps);
    for (const [o, out] of outputs.entries()) {
      const bad = firstMismatch(numerical[o]!, analytical[n]![o]!, atol, rtol);
      if (!bad) continue;
      if (!raiseException) return false;
      throw new AutogradError(
        `gradcheck: Jacobian mismatch for output ${o} with respect to input ${diffIndices[n]}, ` +
          `at input element ${elementName(x.shape, bad.k)} and output element ${elementName(out.shape, bad.j)}: ` +
          `numerical ${bad.numerical} vs analytical ${bad.analytical} ` +
          `(allowed difference ${atol + rtol * Math.abs(bad.numerical)} = atol ${atol} + rtol ${rtol} * |numerical|)`,
      );
    }
  }
  return true;
}

/**
 * `torch.autograd.gradgradcheck`: gradcheck of the gradient itself. The
 * checked function maps (inputs, gradOutputs) to the gradients of `fn`
 * computed with `createGraph`, so second derivatives are compared with finite
 * differences of first derivatives. Random gradOutputs are drawn when not given.
 */
export function gradgradcheck(
  fn: GradcheckFn,
  inputs: Tensor | readonly unknown[],
  gradOutputs?: Tensor | readonly Tensor[] | null,
  options: GradcheckOptions = {},
): boolean {
  const args = inputList(inputs);
  const given = gradOutputs == null ? null : gradOutputs instanceof Tensor ? [gradOutputs] : [...gradOutputs];
  const gradOuts = given ?? evaluate(fn, args).map((o) => randnLike(o, { dtype: o.dtype }).requiresGrad_());
  const firstOrder = (...all: unknown[]): Tensor[] => {
    const xs = all.slice(0, args.length);
    const gs = all.slice(args.length) as Tensor[];
    const outs = differentiableOutputs(fn(...xs));
    const used = outs.flatMap((o, i) => (o.requiresGrad ? [i] : []));
    if (used.length === 0) return [];
    const diff = xs.filter((x): x is Tensor => x instanceof Tensor && x.requiresGrad);
    const grads = grad(used.map((i) => outs[i]!), diff, { gradOutputs: used.map((i) => gs[i]!), createGraph: true, allowUnused: true });
    return grads.filter((g): g is Tensor => g !== null);
  };
  return gradcheck(firstOrder, [...args, ...gradOuts], options);
}
