import { noGrad } from "../../autograd/grad-mode.js";
import { record } from "../../autograd/record.js";
import type { CrossEntropyAttrs, NllAttrs } from "../../backend/fused.js";
import { isFloatingPoint } from "../../dtype.js";
import { DTypeError, ShapeError } from "../../errors.js";
import { compositeForward } from "../../ops/composite.js";
import { zeros } from "../../ops/creation.js";
import { withTrustedIndices } from "../../ops/indexing.js";
import { hostChecksIndices } from "../../ops/dispatch.js";
import { sameShape, shapeToString } from "../../shape.js";
import type { Tensor } from "../../tensor.js";
import { fusedBackward } from "./fused-backward.js";
import { checkReduction, type Reduction } from "./reduction.js";

/**
 * nllLoss and crossEntropy. Class-index targets run on one canonical layout,
 * input [N, C, D] and target [N, D] (D the product of any extra dims), as
 * composite ops with closed-form gradients; class-probability targets are
 * composed of tensor ops.
 */

export interface NllLossOptions {
  /** Per-class rescaling [C]. */
  weight?: Tensor | null;
  /** Targets equal to this contribute neither loss nor gradient. */
  ignoreIndex?: number;
  reduction?: Reduction;
}

export interface CrossEntropyOptions extends NllLossOptions {
  /** Mixes the target with the uniform distribution: (1 - s) target + s / C. */
  labelSmoothing?: number;
}

/** Input and class-index target viewed as [N, C, D] and [N, D]. */
interface Canonical {
  input: Tensor;
  target: Tensor;
  /** Shape of the unreduced loss: the target's. */
  lossShape: readonly number[];
}

// ---- checks ----

function checkIndexTarget(op: string, input: Tensor, target: Tensor, weight: Tensor | null): void {
  if (input.ndim === 0) throw new ShapeError(`${op}: Expected 1 or more dimensions (got 0)`);
  if (target.dtype !== "int64") throw new DTypeError(`${op}: expected scalar type Long but found ${target.dtype}`);
  const C = input.ndim === 1 ? input.shape[0]! : input.shape[1]!;
  if (input.ndim >= 2 && target.ndim >= 1 && input.shape[0] !== target.shape[0]) {
    throw new ShapeError(`${op}: Expected input batch_size (${input.shape[0]}) to match target batch_size (${target.shape[0]}).`);
  }
  if (input.ndim <= 2 && target.ndim !== input.ndim - 1) throw new ShapeError(`${op}: 0D or 1D target tensor expected, multi-target not supported`);
  const expected = [input.shape[0]!, ...input.shape.slice(2)];
  if (input.ndim > 2 && !sameShape(target.shape, expected)) {
    throw new ShapeError(`${op}: Expected target size ${shapeToString(expected)}, got ${shapeToString(target.shape)}`);
  }
  if (weight && weight.numel() !== C) {
    throw new ShapeError(`${op}: weight tensor should be defined either for all ${C} classes or no classes but got weight tensor of shape: ${shapeToString(weight.shape)}`);
  }
}

function checkTargetValues(op: string, target: Tensor, classes: number, ignoreIndex: number): void {
  if (!hostChecksIndices(target)) return;
  const bad = target.toArray().find((t) => t !== ignoreIndex && (t < 0 || t >= classes));
  if (bad !== undefined) throw new RangeError(`${op}: Target ${bad} is out of bounds.`);
}

function canonical(input: Tensor, target: Tensor): Canonical {
  const unbatched = input.ndim === 1;
  const N = unbatched ? 1 : input.shape[0]!;
  const C = unbatched ? input.shape[0]! : input.shape[1]!;
  return noGrad(() => ({ input: input.reshape([N, C, -1]), target: target.reshape([N, -1]), lossShape: target.shape }));
}

// ---- weighted negative log likelihood on [N, C, D] ----

/** Per-element weight of the target class, 0 where ignored: [N, D] in the input's dtype. */
function targetWeights(logp: Tensor, target: Tensor, weight: Tensor | null, ignoreIndex: number): { valid: Tensor; safe: Tensor; w: Tensor } {
  const valid = target.ne(ignoreIndex);
  // ignored entries point at class 0 so gathers stay in bounds; their weight is 0
  const safe = target.where(valid, 0);
  // targets were checked by the public function (checkTargetValues), and safe ones stay in range
  const w = weight ? withTrustedIndices(() => weight.gather(0, safe.reshape([-1]))).reshape(safe.shape).to(logp.dtype) : valid.to(logp.dtype);
  return { valid, safe, w: w.where(valid, 0) };
}

/** What a gradient of the reduced loss is worth per element: g itself, or g over the total target weight for "mean". */
function perElementScale(g: Tensor, reduction: Reduction, w: Tensor): Tensor {
  return reduction === "mean" ? g.div(w.sum()) : g;
}

function reduceWeighted(losses: Tensor, reduction: Reduction, w: Tensor): Tensor {
  return reduction === "none" ? losses : reduction === "sum" ? losses.sum() : losses.sum().div(w.sum());
}

function nllDecomposed(logp: Tensor, target: Tensor, weight: Tensor | null, a: NllAttrs): Tensor {
  const { safe, w } = targetWeights(logp, target, weight, a.ignoreIndex);
  const picked = withTrustedIndices(() => logp.gather(1, safe.unsqueeze(1))).squeeze(1);
  return reduceWeighted(picked.mul(w).neg(), a.reduction, w);
}

/** d loss / d logp: -w[t] * scale at the target class, 0 elsewhere. */
function nllGradient(g: Tensor, logp: Tensor, target: Tensor, weight: Tensor | null, a: NllAttrs): Tensor {
  const { safe, w } = targetWeights(logp, target, weight, a.ignoreIndex);
  const coef = perElementScale(g, a.reduction, w).mul(w).neg();
  const [N, C, D] = logp.shape as [number, number, number];
  return withTrustedIndices(() => zeros([N, C, D], { dtype: logp.dtype, device: logp.device }).scatter(1, safe.unsqueeze(1), coef.unsqueeze(1)));
}

// ---- public functions ----

/** `F.nll_loss(input, target, {weight, ignoreIndex, reduction})` on log-probabilities: input (C), (N, C) or (N, C, d1, ...). */
export function nllLoss(input: Tensor, target: Tensor, options: NllLossOptions = {}): Tensor {
  const attrs: NllAttrs = { ignoreIndex: options.ignoreIndex ?? -100, reduction: checkReduction("nll_loss", options.reduction ?? "mean") };
  const weight = options.weight ?? null;
  checkIndexTarget("nll_loss", input, target, weight);
  const c = canonical(input, target);
  checkTargetValues("nll_loss", target, c.input.shape[1]!, attrs.ignoreIndex);
  const loss = compositeForward("nllLoss", [c.input, c.target, weight], attrs, () => nllDecomposed(c.input, c.target, weight, attrs));
  const out = attrs.reduction === "none" ? noGrad(() => loss.reshape(c.lossShape)) : loss;
  // the backward reuses the checked targets; saving them makes an in-place change an error, as in PyTorch
  return record("NllLossBackward0", [input], out, ([g]) => [nllGradient(g!.reshape(loss.shape), c.input, c.target, weight, attrs).reshape(input.shape)], [c.target]);
}

function crossEntropyDecomposed(x: Tensor, target: Tensor, weight: Tensor | null, a: CrossEntropyAttrs): Tensor {
  const logp = x.logSoftmax(1);
  const nll = nllDecomposed(logp, target, weight, a);
  if (a.labelSmoothing === 0) return nll;
  const C = x.shape[1]!;
  const { valid, w } = targetWeights(logp, target, weight, a.ignoreIndex);
  const weighted = weight ? logp.mul(weight.reshape([1, C, 1])) : logp;
  const smooth = weighted.sum(1).neg().where(valid, 0);
  return nll.mul(1 - a.labelSmoothing).add(reduceWeighted(smooth, a.reduction, w).mul(a.labelSmoothing / C));
}

/** d loss / d x: the gradient G of the smoothed NLL in log-probabilities, through logSoftmax (G - softmax * sum G). */
function crossEntropyGradFormula(g: Tensor, x: Tensor, target: Tensor, weight: Tensor | null, a: CrossEntropyAttrs): Tensor {
  const [N, C, D] = x.shape as [number, number, number];
  let G = nllGradient(g, x, target, weight, a).mul(1 - a.labelSmoothing);
  if (a.labelSmoothing > 0) {
    const { w } = targetWeights(x, target, weight, a.ignoreIndex);
    const perSample = perElementScale(g, a.reduction, w).mul(target.ne(a.ignoreIndex).to(x.dtype)).expand([N, D]).unsqueeze(1);
    const classWeight = weight ? weight.to(x.dtype).reshape([1, C, 1]) : 1;
    G = G.sub(perSample.mul(classWeight).mul(a.labelSmoothing / C));
  }
  return G.sub(x.softmax(1).mul(G.sum(1, { keepdim: true })));
}

function classIndexCrossEntropy(input: Tensor, target: Tensor, weight: Tensor | null, attrs: CrossEntropyAttrs): Tensor {
  checkIndexTarget("cross_entropy", input, target, weight);
  const c = canonical(input, target);
  checkTargetValues("cross_entropy", target, c.input.shape[1]!, attrs.ignoreIndex);
  const loss = compositeForward("crossEntropy", [c.input, c.target, weight], attrs, () => crossEntropyDecomposed(c.input, c.target, weight, attrs));
  const out = attrs.reduction === "none" ? noGrad(() => loss.reshape(c.lossShape)) : loss;
  return record("CrossEntropyLossBackward0", [input], out, ([g]) => {
    const x = input.reshape(c.input.shape);
    const gradOut = g!.reshape(loss.shape);
    const grad = fusedBackward("crossEntropyBackward", [gradOut, x, c.target, weight], attrs, () => crossEntropyGradFormula(gradOut, x, c.target, weight, attrs));
    return [grad.reshape(input.shape)];
  }, [input, c.target]);
}

/** Soft targets: -sum_c weight_c target_c log p_c per sample, averaged over samples for "mean". */
function probabilityCrossEntropy(input: Tensor, target: Tensor, weight: Tensor | null, a: CrossEntropyAttrs): Tensor {
  if (!sameShape(input.shape, target.shape)) throw new ShapeError(`cross_entropy: Expected target size ${shapeToString(input.shape)}, got ${shapeToString(target.shape)}`);
  if (a.ignoreIndex !== -100) throw new RangeError("cross_entropy: ignore_index is not supported for floating point target");
  const classDim = input.ndim === 1 ? 0 : 1;
  const C = input.shape[classDim]!;
  if (weight && weight.numel() !== C) {
    throw new ShapeError(`cross_entropy: weight tensor should be defined either for all ${C} classes or no classes but got weight tensor of shape: ${shapeToString(weight.shape)}`);
  }
  const smoothed = a.labelSmoothing > 0 ? target.mul(1 - a.labelSmoothing).add(a.labelSmoothing / C) : target;
  let terms = input.logSoftmax(classDim).mul(smoothed);
  if (weight) terms = terms.mul(weight.reshape(input.shape.map((s, i) => (i === classDim ? s : 1))));
  const losses = terms.sum(classDim).neg();
  if (a.reduction === "none") return losses;
  return a.reduction === "sum" ? losses.sum() : losses.sum().div(input.numel() / C);
}

/**
 * `F.cross_entropy(input, target, {weight, ignoreIndex, reduction, labelSmoothing})` from
 * logits: input (C), (N, C) or (N, C, d1, ...); target class indices (int64,
 * input's shape without C) or class probabilities (input's shape, floating).
 */
export function crossEntropy(input: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const labelSmoothing = options.labelSmoothing ?? 0;
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) throw new RangeError(`cross_entropy: label_smoothing must be between 0.0 and 1.0. Got: ${labelSmoothing}`);
  if (!isFloatingPoint(input.dtype)) throw new DTypeError(`cross_entropy: expected a floating point input (logits), got ${input.dtype}`);
  const attrs: CrossEntropyAttrs = {
    ignoreIndex: options.ignoreIndex ?? -100,
    reduction: checkReduction("cross_entropy", options.reduction ?? "mean"),
    labelSmoothing,
  };
  const weight = options.weight ?? null;
  return isFloatingPoint(target.dtype) ? probabilityCrossEntropy(input, target, weight, attrs) : classIndexCrossEntropy(input, target, weight, attrs);
}
