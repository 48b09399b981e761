import { POSITIVE } from "../host-values.js";
import type { Tensor } from "../../tensor.js";
import { constant, index, type InputLike, type OpOptions, type OpOutput, type OpSpec } from "../op-spec.js";
import { byName, type AnyFn } from "./lookup.js";

const IMAGE = [1, 2, 5, 5];
/** Grid sampling in float16 moves the sampling positions themselves by a rounding step, not a comparable error. */
const SAMPLING: OpOptions = { dtypes: ["float32", "float64"] };

/**
 * A `torch.nn.functional` op found by name. These compose many primitives
 * (or run a fused kernel), so they get a wider tolerance.
 */
function nn(label: string, name: string, cases: readonly (readonly InputLike[])[], call: (f: AnyFn, ...inputs: Tensor[]) => OpOutput, o: OpOptions = {}): OpSpec {
  return byName(`nn.functional.${label}`, `nn.functional.${name}`, cases, call, { tolerance: 4, ...o });
}

/** nn.functional, with the fused kernels each reaches (backward kernels through the gradient checks). */
export const NN_FUNCTIONAL_OPS: readonly OpSpec[] = [
  nn("linear", "linear", [[[2, 3], [4, 3], [4]], [[2, 2, 3], [4, 3], [4]], [[3], [4, 3], [4]]], (f, x, w, b) => f(x, w, b)),
  nn("linear(no bias)", "linear", [[[2, 3], [4, 3]]], (f, x, w) => f(x, w)),
  nn("conv2d", "conv2d", [[IMAGE, [3, 2, 3, 3], [3]]], (f, x, w, b) => f(x, w, b), { fused: ["conv2d", "conv2dBackwardInput", "conv2dBackwardWeight"] }),
  nn("conv2d(stride 2, padding 1)", "conv2d", [[IMAGE, [3, 2, 3, 3], [3]]], (f, x, w, b) => f(x, w, b, { stride: 2, padding: 1 }), { fused: ["conv2d", "conv2dBackwardInput", "conv2dBackwardWeight"] }),
  nn("conv2d(dilation 2, groups 2)", "conv2d", [[[1, 4, 5, 5], [2, 2, 2, 2]]], (f, x, w) => f(x, w, null, { dilation: 2, groups: 2 }), { fused: ["conv2d", "conv2dBackwardInput", "conv2dBackwardWeight"] }),
  nn("bilinear", "bilinear", [[[2, 3], [2, 4], [5, 3, 4], [5]]], (f, a, b, w, bias) => f(a, b, w, bias)),
  nn("convTranspose1d(stride 2)", "convTranspose1d", [[[1, 2, 4], [2, 3, 3], [3]]], (f, x, w, b) => f(x, w, b, { stride: 2 })),
  nn("conv1d", "conv1d", [[[2, 2, 6], [3, 2, 3], [3]]], (f, x, w, b) => f(x, w, b, { padding: 1 })),
  nn("convTranspose2d", "convTranspose2d", [[[1, 2, 3, 3], [2, 3, 3, 3], [3]]], (f, x, w, b) => f(x, w, b, { stride: 2, padding: 1, outputPadding: 1 }), { fused: ["convTranspose2d"] }),
  nn("maxPool2d(2)", "maxPool2d", [[IMAGE]], (f, x) => f(x, 2), { fused: ["maxPool2d", "maxPool2dBackward"] }),
  nn("maxPool2d(3, stride 2, padding 1, indices)", "maxPool2d", [[IMAGE]], (f, x) => f(x, 3, { stride: 2, padding: 1, returnIndices: true }), { fused: ["maxPool2d", "maxPool2dBackward"] }),
  nn("maxPool2d(2, ceilMode)", "maxPool2d", [[IMAGE]], (f, x) => f(x, 2, { ceilMode: true })),
  nn("avgPool2d(2)", "avgPool2d", [[IMAGE]], (f, x) => f(x, 2)),
  nn("avgPool2d(3, stride 2, padding 1, exclude pad)", "avgPool2d", [[IMAGE]], (f, x) => f(x, 3, { stride: 2, padding: 1, countIncludePad: false })),
  nn("adaptiveAvgPool2d([2, 3])", "adaptiveAvgPool2d", [[IMAGE]], (f, x) => f(x, [2, 3])),
  nn("adaptiveMaxPool2d(2)", "adaptiveMaxPool2d", [[IMAGE]], (f, x) => f(x, 2, { returnIndices: true }), { fused: ["adaptiveMaxPool2d", "maxPool2dBackward"] }),
  nn("maxPool1d(2)", "maxPool1d", [[[2, 2, 6]]], (f, x) => f(x, 2)),
  nn("adaptiveAvgPool1d(3)", "adaptiveAvgPool1d", [[[2, 2, 7]]], (f, x) => f(x, 3)),
  nn("adaptiveMaxPool1d(3)", "adaptiveMaxPool1d", [[[2, 2, 7]]], (f, x) => f(x, 3)),
  nn("unfold(2)", "unfold", [[[1, 2, 4, 4]]], (f, x) => f(x, 2)),
  nn("fold([3, 3], 2)", "fold", [[[1, 8, 4]]], (f, x) => f(x, [3, 3], 2)),
  nn("avgPool1d(3)", "avgPool1d", [[[2, 2, 6]]], (f, x) => f(x, 3, { stride: 1 })),
  nn("batchNorm(training)", "batchNorm", [[[3, 2, 2], constant([2]), constant([2], POSITIVE), [2], [2]]],
    // training writes the running statistics in place: each call gets its own dense copies (an expanded view cannot be written)
    (f, x, rm, rv, w, b) => f(x, rm.clone(), rv.clone(), { weight: w, bias: b, training: true }), { fused: ["batchNorm", "batchNormBackward"] }),
  nn("batchNorm(eval)", "batchNorm", [[[3, 2, 2, 2], constant([2]), constant([2], POSITIVE), [2], [2]]],
    (f, x, rm, rv, w, b) => f(x, rm, rv, { weight: w, bias: b }), { fused: ["batchNorm", "batchNormBackward"] }),
  nn("layerNorm([4])", "layerNorm", [[[2, 3, 4], [4], [4]]], (f, x, w, b) => f(x, [4], { weight: w, bias: b }), { fused: ["layerNorm", "layerNormBackward"] }),
  nn("layerNorm([3, 4], no affine)", "layerNorm", [[[2, 3, 4]]], (f, x) => f(x, [3, 4])),
  nn("groupNorm(2)", "groupNorm", [[[2, 4, 3], [4], [4]]], (f, x, w, b) => f(x, 2, { weight: w, bias: b })),
  nn("embedding", "embedding", [[index([2, 3], 5), [5, 4]]], (f, i, w) => f(i, w)),
  nn("dropout(eval)", "dropout", [[[2, 3]]], (f, x) => f(x, { p: 0.5, training: false })),
  nn("dropout1d(eval)", "dropout1d", [[[2, 3, 4]]], (f, x) => f(x, { p: 0.5, training: false })),
  nn("dropout2d(eval)", "dropout2d", [[[1, 2, 3, 3]]], (f, x) => f(x, { p: 0.5, training: false })),
  nn("softmax(1)", "softmax", [[[2, 3]]], (f, x) => f(x, 1)),
  nn("logSoftmax(1)", "logSoftmax", [[[2, 3]]], (f, x) => f(x, 1)),
  nn("nllLoss", "nllLoss", [[[3, 4], index([3], 4)]], (f, x, t) => f(x, t), { fused: ["nllLoss"] }),
  nn("nllLoss(sum, weight)", "nllLoss", [[[3, 4], index([3], 4), constant([4], POSITIVE)]], (f, x, t, w) => f(x, t, { weight: w, reduction: "sum" })),
  nn("crossEntropy", "crossEntropy", [[[3, 4], index([3], 4)], [[2, 4, 3], index([2, 3], 4)]], (f, x, t) => f(x, t), { fused: ["crossEntropy", "crossEntropyBackward"] }),
  nn("crossEntropy(labelSmoothing 0.1, none)", "crossEntropy", [[[3, 4], index([3], 4)]], (f, x, t) => f(x, t, { labelSmoothing: 0.1, reduction: "none" })),
  nn("mseLoss", "mseLoss", [[[2, 3], constant([2, 3])]], (f, x, y) => f(x, y)),
  nn("l1Loss(sum)", "l1Loss", [[[2, 3], constant([2, 3])]], (f, x, y) => f(x, y, { reduction: "sum" })),
  nn("smoothL1Loss", "smoothL1Loss", [[[2, 3], constant([2, 3])]], (f, x, y) => f(x, y)),
  nn("huberLoss(delta 0.5)", "huberLoss", [[[2, 3], constant([2, 3])]], (f, x, y) => f(x, y, { delta: 0.5 })),
  nn("binaryCrossEntropy", "binaryCrossEntropy", [[{ shape: [2, 3], domain: { lo: 0.1, hi: 0.9 } }, constant([2, 3], { lo: 0, hi: 1 })]], (f, x, y) => f(x, y)),
  nn("binaryCrossEntropyWithLogits", "binaryCrossEntropyWithLogits", [[[2, 3], constant([2, 3], { lo: 0, hi: 1 })]], (f, x, y) => f(x, y)),
  nn("interpolate(nearest, scale 2)", "interpolate", [[IMAGE]], (f, x) => f(x, { scaleFactor: 2 })),
  nn("interpolate(nearest-exact, size)", "interpolate", [[IMAGE]], (f, x) => f(x, { size: [3, 7], mode: "nearest-exact" })),
  nn("interpolate(linear, alignCorners)", "interpolate", [[[2, 2, 5]]], (f, x) => f(x, { size: 8, mode: "linear", alignCorners: true })),
  nn("interpolate(bilinear, scale 1.5)", "interpolate", [[IMAGE]], (f, x) => f(x, { scaleFactor: 1.5, mode: "bilinear" })),
  nn("interpolate(bicubic, size)", "interpolate", [[IMAGE]], (f, x) => f(x, { size: [7, 3], mode: "bicubic" })),
  nn("interpolate(trilinear)", "interpolate", [[[1, 1, 2, 3, 2]]], (f, x) => f(x, { scaleFactor: 2, mode: "trilinear" })),
  nn("gridSample(bilinear)", "gridSample", [[IMAGE, { shape: [1, 3, 4, 2], domain: { lo: -1.2, hi: 1.2 } }]], (f, x, g) => f(x, g), SAMPLING),
  nn("gridSample(nearest, border, alignCorners)", "gridSample", [[IMAGE, { shape: [1, 3, 4, 2], domain: { lo: -1.2, hi: 1.2 }, role: "constant" }]],
    (f, x, g) => f(x, g, { mode: "nearest", paddingMode: "border", alignCorners: true }), SAMPLING),
  nn("gridSample(reflection)", "gridSample", [[IMAGE, { shape: [1, 3, 4, 2], domain: { lo: -2.5, hi: 2.5 } }]], (f, x, g) => f(x, g, { paddingMode: "reflection" }), SAMPLING),
  nn("affineGrid", "affineGrid", [[[2, 2, 3]]], (f, t) => f(t, [2, 1, 3, 4])),
  nn("affineGrid(3-D, alignCorners)", "affineGrid", [[[1, 3, 4]]], (f, t) => f(t, [1, 1, 2, 3, 2], { alignCorners: true })),
  nn("pixelShuffle(2)", "pixelShuffle", [[[1, 8, 2, 3]]], (f, x) => f(x, 2)),
  nn("pixelUnshuffle(2)", "pixelUnshuffle", [[[1, 2, 4, 6]]], (f, x) => f(x, 2)),
  nn("scaledDotProductAttention", "scaledDotProductAttention", [[[2, 3, 4], [2, 5, 4], [2, 5, 6]]], (f, q, k, v) => f(q, k, v)),
  nn("scaledDotProductAttention(isCausal)", "scaledDotProductAttention", [[[1, 2, 4, 3], [1, 2, 4, 3], [1, 2, 4, 3]]], (f, q, k, v) => f(q, k, v, { isCausal: true })),
  nn("scaledDotProductAttention(float mask, scale)", "scaledDotProductAttention", [[[2, 3, 4], [2, 5, 4], [2, 5, 6], constant([3, 5])]],
    (f, q, k, v, m) => f(q, k, v, { attnMask: m, scale: 0.3 })),
  nn("cosineSimilarity", "cosineSimilarity", [[[3, 4], [3, 4]], [[2, 3, 4], [1, 3, 4]]], (f, a, b) => f(a, b)),
  nn("pairwiseDistance", "pairwiseDistance", [[[3, 4], [3, 4]]], (f, a, b) => f(a, b)),
  nn("pairwiseDistance(p 1, keepdim)", "pairwiseDistance", [[[3, 4], [3, 4]]], (f, a, b) => f(a, b, { p: 1, keepdim: true })),
  nn("klDiv(batchmean)", "klDiv", [[[3, 4], constant([3, 4], { lo: 0.1, hi: 1 })]], (f, x, t) => f(x, t, { reduction: "batchmean" })),
  nn("klDiv(logTarget, none)", "klDiv", [[[3, 4], constant([3, 4])]], (f, x, t) => f(x, t, { logTarget: true, reduction: "none" })),
  nn("cosineEmbeddingLoss", "cosineEmbeddingLoss", [[[4, 3], [4, 3], { shape: [4], role: "constant", values: [1, -1, 1, -1] }]], (f, a, b, y) => f(a, b, y, { margin: 0.1 })),
  nn("marginRankingLoss", "marginRankingLoss", [[[5], [5], { shape: [5], role: "constant", values: [1, -1, 1, -1, 1] }]], (f, a, b, y) => f(a, b, y, { margin: 0.2 })),
  nn("tripletMarginLoss", "tripletMarginLoss", [[[4, 3], [4, 3], [4, 3]]], (f, a, p, n) => f(a, p, n, { margin: 2 })),
  nn("instanceNorm", "instanceNorm", [[[2, 3, 4], [3], [3]]], (f, x, w, b) => f(x, { weight: w, bias: b }), { fused: ["batchNorm", "batchNormBackward"] }),
  nn("instanceNorm(running stats)", "instanceNorm", [[[2, 2, 3, 3], constant([2]), constant([2], POSITIVE)]],
    (f, x, rm, rv) => f(x, { runningMean: rm, runningVar: rv, useInputStats: false })),
  nn("localResponseNorm(3)", "localResponseNorm", [[[2, 5, 3]], [[1, 4, 2, 3]]], (f, x) => f(x, 3, { alpha: 0.1, k: 2 })),
  nn("conv3d(stride 2, padding 1)", "conv3d", [[[1, 2, 4, 4, 3], [3, 2, 2, 3, 2], [3]]], (f, x, w, b) => f(x, w, b, { stride: 2, padding: 1 }),
    { fused: ["conv2d", "conv2dBackwardInput", "conv2dBackwardWeight"] }),
  nn("maxPool3d(2)", "maxPool3d", [[[1, 2, 4, 4, 3]]], (f, x) => f(x, 2), { fused: ["maxPool2d", "maxPool2dBackward"] }),
  nn("avgPool3d(3, stride 2, padding 1, exclude pad)", "avgPool3d", [[[1, 2, 4, 4, 3]]], (f, x) => f(x, 3, { stride: 2, padding: 1, countIncludePad: false })),
];
