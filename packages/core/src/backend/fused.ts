import type { Tensor } from "../tensor.js";

/**
 * Fused kernels a backend may provide, by op name. Core runs each composite
 * op as `backend.fused[name](...inputs, attrs)` when the backend has that
 * entry and all of the op's tensors live on it; otherwise it runs the op's
 * decomposition into primitives. Either way core records the autograd node,
 * so a fused forward gets its backward for free.
 *
 * Contract for every kernel:
 * - Inputs arrive in the order listed; optional tensors are `null` (never
 *   undefined). They may be non-contiguous (read them through their strides).
 * - Tensor parameters have the input's dtype, except indices and class
 *   targets (int64) and batchNorm's running stats (their own floating dtype).
 * - Return new tensors with exactly the shapes and dtype documented here;
 *   never write into the inputs. One exception: a backward kernel whose attrs
 *   say `overwriteGradOutput: true` (the autograd engine donated that
 *   gradient, see BackwardFn) may write the input gradient of gradOutput's
 *   shape into gradOutput's own memory and return gradOutput itself, saving
 *   a fresh output; it may also ignore the flag.
 * - Kernels run with autograd off and need no gradient logic: core records
 *   the op's node, and while a backward pass is itself being recorded
 *   (createGraph) it runs the decomposition instead of the *Backward kernels.
 * - Spatial pairs are `[height, width]`. The 1-D ops (conv1d, maxPool1d, ...)
 *   call the 2-D kernels with height 1, and unbatched inputs arrive with N = 1.
 *   Window geometry follows PyTorch:
 *   output position `o` reads input rows `o * stride - padding + k * dilation`
 *   for `k < kernel`; rows outside the input read 0 (convolution, average
 *   pooling) or -Infinity (max pooling).
 */
/** Attrs of a backward kernel that may write its input gradient over gradOutput (see the contract above). */
export interface GradOutputReuse {
  overwriteGradOutput?: boolean;
}

export interface FusedKernels {
  /** `softmax` along `dim` (already non-negative). Output: input's shape. */
  softmax(input: Tensor, attrs: { dim: number }): Tensor;
  /** `logSoftmax` along `dim` (already non-negative). Output: input's shape. */
  logSoftmax(input: Tensor, attrs: { dim: number }): Tensor;

  // Pointwise activations (ops/activation.ts, relu in ops/unary.ts): input -> output of
  // the same shape and dtype (float16/bfloat16 inputs included: compute in float32, round once).
  /** max(x, 0) on a floating tensor, with nan kept (x <= 0 gives 0, anything else x). */
  relu(input: Tensor, attrs: Record<string, never>): Tensor;
  /** relu's gradient from relu's output: 0 where output <= 0, else gradOutput (same shapes and dtype). */
  reluBackward(gradOutput: Tensor, output: Tensor, attrs: GradOutputReuse): Tensor;
  /** clamp(x, minVal, maxVal). */
  hardtanh(input: Tensor, attrs: { minVal: number; maxVal: number }): Tensor;
  /** x for x > 0, else negativeSlope * x. */
  leakyRelu(input: Tensor, attrs: { negativeSlope: number }): Tensor;
  /** x * Phi(x) (erf form), or with approximate "tanh" 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))). */
  gelu(input: Tensor, attrs: { approximate: "none" | "tanh" }): Tensor;
  /** x * sigmoid(x). */
  silu(input: Tensor, attrs: Record<string, never>): Tensor;
  /** x * tanh(softplus(x)). */
  mish(input: Tensor, attrs: Record<string, never>): Tensor;
  /** x * clamp(x + 3, 0, 6) / 6. */
  hardswish(input: Tensor, attrs: Record<string, never>): Tensor;
  /** clamp(x + 3, 0, 6) / 6. */
  hardsigmoid(input: Tensor, attrs: Record<string, never>): Tensor;
  /** scale * x for x > 0, else scale * alpha * (exp(inputScale * x) - 1). elu, selu and celu are this kernel with different attrs. */
  elu(input: Tensor, attrs: EluAttrs): Tensor;
  selu(input: Tensor, attrs: EluAttrs): Tensor;
  celu(input: Tensor, attrs: EluAttrs): Tensor;
  /** log(1 + exp(beta x)) / beta, and x where beta x > threshold. */
  softplus(input: Tensor, attrs: { beta: number; threshold: number }): Tensor;
  /** log(sigmoid(x)). */
  logSigmoid(input: Tensor, attrs: Record<string, never>): Tensor;

  /** input [..., in] (any leading dims, possibly none), weight [out, in], bias [out] -> [..., out] = input @ weight^T + bias. */
  linear(input: Tensor, weight: Tensor, bias: Tensor | null, attrs: Record<string, never>): Tensor;

  /**
   * input [N, C, H, W], weight [O, C / groups, kH, kW], bias [O]
   * -> [N, O, oH, oW] with oH = floor((H + 2 pH - dH (kH - 1) - 1) / sH) + 1 (same for W).
   * Group g maps input channels [g C/groups, (g+1) C/groups) to output channels [g O/groups, (g+1) O/groups).
   */
  conv2d(input: Tensor, weight: Tensor, bias: Tensor | null, attrs: Conv2dAttrs): Tensor;
  /**
   * Gradient of conv2d's input: gradOutput [N, O, oH, oW], weight [O, C / groups, kH, kW]
   * -> [N, C, H, W] with `[N, C, H, W] = attrs.inputShape`. Each gradOutput
   * element is spread, times the weights, over the input positions its window
   * read; positions never read get 0.
   */
  conv2dBackwardInput(gradOutput: Tensor, weight: Tensor, attrs: Conv2dAttrs & { inputShape: Shape4 }): Tensor;
  /**
   * Gradient of conv2d's weight: gradOutput [N, O, oH, oW], input [N, C, H, W]
   * -> `attrs.weightShape` = [O, C / groups, kH, kW]. Only the first oH x oW
   * windows of `input` count: oH, oW may be smaller than the conv output size
   * of `input` (convTranspose2d's weight gradient with outputPadding >= stride).
   */
  conv2dBackwardWeight(gradOutput: Tensor, input: Tensor, attrs: Conv2dAttrs & { weightShape: Shape4 }): Tensor;
  /**
   * Transposed convolution (the adjoint of conv2d in its input): input [N, C, H, W],
   * weight [C, O / groups, kH, kW], bias [O] -> [N, O, oH, oW] with
   * oH = (H - 1) sH - 2 pH + dH (kH - 1) + outputPadding[0] + 1 (same for W).
   */
  convTranspose2d(input: Tensor, weight: Tensor, bias: Tensor | null, attrs: Conv2dAttrs & { outputPadding: Pair }): Tensor;

  /**
   * input [N, C, H, W] -> [output, indices], both [N, C, oH, oW]; oH as in conv2d,
   * or with `ceilMode` rounded up unless that last window would start past
   * H + pH. indices (int64) are flat positions h * W + w in the input plane of
   * the first maximum in window order (row-major over kH x kW); NaN counts as
   * the maximum.
   */
  maxPool2d(input: Tensor, attrs: Pool2dAttrs & { dilation: Pair }): [Tensor, Tensor];
  /**
   * input [N, C, H, W] -> [output, indices] [N, C, oH, oW]. Output cell (i, j)
   * covers rows [floor(i H / oH), ceil((i + 1) H / oH)) and likewise columns;
   * indices as in maxPool2d.
   */
  adaptiveMaxPool2d(input: Tensor, attrs: { outputSize: Pair }): [Tensor, Tensor];
  /**
   * Gradient of maxPool2d and adaptiveMaxPool2d: gradOutput and indices [N, C, oH, oW]
   * -> zeros of `attrs.inputShape` [N, C, H, W] with each gradOutput element
   * added at the flat plane position `indices` names (repeats accumulate).
   */
  maxPool2dBackward(gradOutput: Tensor, indices: Tensor, attrs: { inputShape: Shape4 }): Tensor;
  /**
   * input [N, C, H, W] -> [N, C, oH, oW] (sizes as maxPool2d with dilation 1).
   * Each output is the window's sum over in-range positions divided by
   * `divisorOverride` if not null, else by the window's size clipped to the
   * padded input [-pH, H + pH) when `countIncludePad`, else by the number of
   * positions inside [0, H) x [0, W). Integer images are accepted too and
   * divide with truncation (output keeps the integer dtype).
   */
  avgPool2d(input: Tensor, attrs: Pool2dAttrs & { countIncludePad: boolean; divisorOverride: number | null }): Tensor;
  /** input [N, C, H, W] -> [N, C, oH, oW]; cells as in adaptiveMaxPool2d, each the mean of its region. */
  adaptiveAvgPool2d(input: Tensor, attrs: { outputSize: Pair }): Tensor;

  /**
   * input [N, C, *], runningMean/runningVar/weight/bias [C] -> [output (input's shape), mean [C], var [C]].
   * Training: mean and biased var are the batch statistics over every dim but 1
   * (running stats are ignored; core updates them). Eval: mean/var are the
   * running stats. output = (input - mean) / sqrt(var + eps) * weight + bias.
   */
  batchNorm(input: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, weight: Tensor | null, bias: Tensor | null, attrs: { training: boolean; eps: number }): [Tensor, Tensor, Tensor];
  /**
   * Gradients of batchNorm: gradOutput and input [N, C, *], weight [C] or null
   * (meaning ones), mean and invstd = 1 / sqrt(var + eps) [C] as used in the
   * forward -> [gradInput, gradWeight [C], gradBias [C]] (all three always).
   * Training differentiates through the batch statistics; eval treats them as constants.
   */
  batchNormBackward(gradOutput: Tensor, input: Tensor, weight: Tensor | null, mean: Tensor, invstd: Tensor, attrs: { training: boolean } & GradOutputReuse): [Tensor, Tensor, Tensor];
  /**
   * Normalizes over the trailing `normalizedShape` dims: input [*, ...normalizedShape],
   * weight/bias of normalizedShape -> [output, mean, rstd]; mean and
   * rstd = 1 / sqrt(biased var + eps) have input's shape with the normalized dims set to 1.
   */
  layerNorm(input: Tensor, weight: Tensor | null, bias: Tensor | null, attrs: { normalizedShape: readonly number[]; eps: number }): [Tensor, Tensor, Tensor];
  /** Gradients of layerNorm -> [gradInput, gradWeight, gradBias] (the last two of normalizedShape, always returned). */
  layerNormBackward(gradOutput: Tensor, input: Tensor, weight: Tensor | null, mean: Tensor, rstd: Tensor, attrs: { normalizedShape: readonly number[] }): [Tensor, Tensor, Tensor];

  /**
   * Negative log likelihood of log-probabilities: input [N, C, D], target (int64)
   * [N, D] with values in [0, C) or ignoreIndex, weight [C] or null (ones).
   * loss[n, d] = -weight[t] * input[n, t, d] (0 where t == ignoreIndex).
   * reduction "none" -> [N, D]; "sum" -> []; "mean" -> [] sum divided by the sum of weight[t] over non-ignored targets.
   */
  nllLoss(input: Tensor, target: Tensor, weight: Tensor | null, attrs: NllAttrs): Tensor;
  /**
   * Cross entropy from logits with class-index targets: input [N, C, D], target
   * and weight as nllLoss. With p = logSoftmax(input) over C and s = labelSmoothing:
   * loss[n, d] = (1 - s) * -weight[t] p[n, t, d] + s / C * sum_c -weight[c] p[n, c, d]
   * (0 where ignored); reductions as nllLoss (mean divides both terms by the same sum of weight[t]).
   */
  crossEntropy(input: Tensor, target: Tensor, weight: Tensor | null, attrs: CrossEntropyAttrs): Tensor;
  /** Gradient of crossEntropy's input: gradOutput ([] or [N, D] for "none") -> [N, C, D]. */
  crossEntropyBackward(gradOutput: Tensor, input: Tensor, target: Tensor, weight: Tensor | null, attrs: CrossEntropyAttrs): Tensor;
}

/** Any fused kernel name, for the lookup. */
export type FusedKernelName = keyof FusedKernels;

export type Pair = readonly [number, number];
export type Shape4 = readonly [number, number, number, number];

export interface Conv2dAttrs {
  stride: Pair;
  /** Zero padding on each side (asymmetric "same" padding is applied to the input by core first). */
  padding: Pair;
  dilation: Pair;
  groups: number;
}

export interface Pool2dAttrs {
  kernelSize: Pair;
  stride: Pair;
  padding: Pair;
  ceilMode: boolean;
}

export interface EluAttrs {
  alpha: number;
  scale: number;
  inputScale: number;
}

export type Reduction = "none" | "mean" | "sum";

export interface NllAttrs {
  ignoreIndex: number;
  reduction: Reduction;
}

export interface CrossEntropyAttrs extends NllAttrs {
  labelSmoothing: number;
}

// ---------------------------------------------------------------------------
// Optimizer steps (used by src/optim). Unlike every kernel above, these write
// IN PLACE and return nothing: `param` and the state tensors passed are
// updated, `grad` is only read. All tensors share the parameter's shape,
// dtype and device; optional state is `null` when the options do not use it
// (core allocates, zero-filled, every buffer that is not null). Scalars come
// as JS numbers; `step` is the step count including this update (1 first).
// Arithmetic must follow the formulas below in the tensor dtype (scalars
// rounded to it), which is PyTorch 1.13's single-tensor implementation.
// ---------------------------------------------------------------------------
export interface FusedKernels {
  /**
   * d = (maximize ? -grad : grad) + weightDecay * param;
   * if momentum != 0: buf = firstStep ? d : momentum * buf + (1 - dampening) * d,
   *                   d = nesterov ? d + momentum * buf : buf;
   * param -= lr * d. `momentumBuffer` is null when momentum == 0.
   */
  sgdStep(param: Tensor, grad: Tensor, momentumBuffer: Tensor | null, attrs: SgdStepAttrs): void;
  /**
   * g = maximize ? -grad : grad;
   * if decoupledWeightDecay (AdamW): param *= 1 - lr * weightDecay, else g += weightDecay * param;
   * expAvg = beta1 * expAvg + (1 - beta1) * g; expAvgSq = beta2 * expAvgSq + (1 - beta2) * g * g;
   * v = amsgrad ? (maxExpAvgSq = max(maxExpAvgSq, expAvgSq)) : expAvgSq;
   * denom = sqrt(v) / sqrt(1 - beta2^step) + eps;
   * param -= lr / (1 - beta1^step) * expAvg / denom. `maxExpAvgSq` is null unless amsgrad.
   */
  adamStep(param: Tensor, grad: Tensor, expAvg: Tensor, expAvgSq: Tensor, maxExpAvgSq: Tensor | null, attrs: AdamStepAttrs): void;
  /**
   * `sgdStep` for every parameter of a group in one call (PyTorch's
   * `foreach`): element i of each list belongs to parameter i. All tensors
   * share one device; parameters may differ in shape and dtype (each list
   * element matches its parameter). `momentumBuffers` is null when
   * momentum == 0; `firstSteps[i]` is parameter i's `firstStep`. Optimizers
   * prefer it to `sgdStep` when both exist: one kernel launch per group.
   */
  sgdStepForeach(params: Tensor[], grads: Tensor[], momentumBuffers: Tensor[] | null, attrs: SgdStepForeachAttrs): void;
  /**
   * `adamStep` for every parameter of a group in one call, as
   * `sgdStepForeach`; `steps[i]` is parameter i's step count and
   * `maxExpAvgSqs` is null unless amsgrad.
   */
  adamStepForeach(
    params: Tensor[], grads: Tensor[], expAvgs: Tensor[], expAvgSqs: Tensor[], maxExpAvgSqs: Tensor[] | null, attrs: AdamStepForeachAttrs,
  ): void;
  /**
   * g = (maximize ? -grad : grad) + weightDecay * param;
   * squareAvg = alpha * squareAvg + (1 - alpha) * g * g;
   * avg = centered ? sqrt(squareAvg - gradAvg^2) with gradAvg = alpha * gradAvg + (1 - alpha) * g updated first : sqrt(squareAvg);
   * avg += eps;
   * momentum > 0: buf = momentum * buf + g / avg, param -= lr * buf; else param -= lr * g / avg.
   * `gradAvg` is null unless centered, `momentumBuffer` null unless momentum > 0.
   */
  rmspropStep(param: Tensor, grad: Tensor, squareAvg: Tensor, gradAvg: Tensor | null, momentumBuffer: Tensor | null, attrs: RmspropStepAttrs): void;
  /**
   * g = (maximize ? -grad : grad) + weightDecay * param;
   * clr = lr / (1 + (step - 1) * lrDecay); stateSum += g * g;
   * param -= clr * g / (sqrt(stateSum) + eps).
   */
  adagradStep(param: Tensor, grad: Tensor, stateSum: Tensor, attrs: AdagradStepAttrs): void;
}

export interface SgdStepAttrs {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
  /** True on the parameter's first update: the momentum buffer takes d as is. */
  firstStep: boolean;
}

export type SgdStepForeachAttrs = Omit<SgdStepAttrs, "firstStep"> & { firstSteps: readonly boolean[] };

export type AdamStepForeachAttrs = Omit<AdamStepAttrs, "step"> & { steps: readonly number[] };

export interface AdamStepAttrs {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
  step: number;
  /** AdamW: decay the parameter directly instead of adding weightDecay * param to the gradient. */
  decoupledWeightDecay: boolean;
}

export interface RmspropStepAttrs {
  lr: number;
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  centered: boolean;
  maximize: boolean;
}

export interface AdagradStepAttrs {
  lr: number;
  lrDecay: number;
  weightDecay: number;
  eps: number;
  maximize: boolean;
  step: number;
}
