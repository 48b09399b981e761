/** `torch.nn.functional`. */
export * from "../../ops/activation.js";
export { softmax, logSoftmax } from "../../ops/softmax.js";
export { pad, type PadMode, type PadOptions } from "../../ops/pad.js";
export { oneHot } from "../../ops/one-hot.js";
export { conv1d, conv2d, type Conv1dOptions, type Conv2dOptions } from "./conv.js";
export { convTranspose1d, convTranspose2d, type ConvTranspose1dOptions, type ConvTranspose2dOptions } from "./conv-transpose.js";
export type { IntOrPair } from "./window.js";
export { linear, bilinear } from "./linear.js";
export { maxPool1d, maxPool2d, avgPool1d, avgPool2d, type MaxPool1dOptions, type MaxPool2dOptions, type AvgPool1dOptions, type AvgPool2dOptions } from "./pooling.js";
export { adaptiveAvgPool1d, adaptiveAvgPool2d, adaptiveMaxPool1d, adaptiveMaxPool2d, type AdaptiveSize } from "./adaptive-pooling.js";
export { batchNorm, layerNorm, groupNorm, type BatchNormOptions, type LayerNormOptions, type GroupNormOptions } from "./normalization.js";
export { dropout, dropout1d, dropout2d, type DropoutOptions } from "./dropout.js";
export { embedding, type EmbeddingOptions } from "./embedding.js";
export {
  mseLoss, l1Loss, smoothL1Loss, huberLoss, crossEntropy, nllLoss, binaryCrossEntropy, binaryCrossEntropyWithLogits,
  type LossOptions, type Reduction, type CrossEntropyOptions, type NllLossOptions, type BinaryCrossEntropyOptions, type BinaryCrossEntropyWithLogitsOptions,
} from "./loss.js";
export { unfold, fold, type FoldOptions } from "./fold.js";
export { interpolate, upsample, upsampleNearest, upsampleBilinear, type InterpolateMode, type InterpolateOptions } from "./interpolate.js";
export { gridSample, type GridSampleOptions, type GridSampleMode, type GridSamplePadding } from "./grid-sample.js";
export { affineGrid, type AffineGridOptions } from "./affine-grid.js";
export { pixelShuffle, pixelUnshuffle } from "./pixel-shuffle.js";
export { scaledDotProductAttention, type ScaledDotProductAttentionOptions } from "./attention.js";
export { cosineSimilarity, pairwiseDistance, type CosineSimilarityOptions, type PairwiseDistanceOptions } from "./distance.js";
export {
  cosineEmbeddingLoss, marginRankingLoss, tripletMarginLoss, klDiv,
  type MarginLossOptions, type TripletMarginLossOptions, type KlDivOptions,
} from "./embedding-losses.js";
export { instanceNorm, localResponseNorm, type InstanceNormOptions, type LocalResponseNormOptions } from "./instance-norm.js";
export { conv3d, type Conv3dOptions, type IntOrTriple } from "./conv3d.js";
export { maxPool3d, avgPool3d, type MaxPool3dOptions, type AvgPool3dOptions } from "./pooling3d.js";
