/** `torch.nn`: modules, containers, layers, losses, `init`, `utils` and `functional`. */
export * as functional from "./functional/index.js";
export * as init from "./init/index.js";
export * as utils from "./utils/index.js";
export { Parameter } from "./parameter.js";
export {
  Module, type StateDict, type IncompatibleKeys, type ForwardHook, type ForwardPreHook, type ModuleToOptions,
  type NamedOptions, type LoadReport,
} from "./module.js";
export type { RemovableHandle } from "./hooks.js";
export { StateDictError } from "./state-dict-error.js";
export { Sequential } from "./containers/sequential.js";
export { ModuleList } from "./containers/module-list.js";
export { ModuleDict } from "./containers/module-dict.js";
export type { FactoryOptions } from "./modules/factory.js";
export { Linear, Bilinear, Identity } from "./modules/linear.js";
export { Conv1d, Conv2d, Conv3d, ConvTranspose2d, type ConvOptions, type ConvTransposeOptions, type PaddingMode } from "./modules/conv.js";
export { MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, type MaxPool2dOptions, type AvgPool2dOptions } from "./modules/pooling.js";
export { BatchNorm1d, BatchNorm2d, type BatchNormOptions } from "./modules/batchnorm.js";
export { LayerNorm, GroupNorm, type LayerNormOptions, type GroupNormOptions } from "./modules/normalization.js";
export { Dropout } from "./modules/dropout.js";
export { Embedding, type EmbeddingOptions } from "./modules/embedding.js";
export { Flatten, Unflatten } from "./modules/flatten.js";
export { ReLU, ReLU6, LeakyReLU, GELU, SiLU, Hardswish, Sigmoid, Tanh, Softmax, LogSoftmax } from "./modules/activation.js";
export {
  MSELoss, L1Loss, SmoothL1Loss, NLLLoss, CrossEntropyLoss, BCELoss, BCEWithLogitsLoss,
  type ReductionOptions, type NLLLossOptions,
} from "./modules/loss.js";
export { Upsample, UpsamplingNearest2d, UpsamplingBilinear2d, type UpsampleOptions } from "./modules/upsampling.js";
export { PixelShuffle, PixelUnshuffle } from "./modules/pixel-shuffle.js";
export {
  MultiheadAttention, NonDynamicallyQuantizableLinear, type MultiheadAttentionOptions, type MultiheadAttentionCallOptions,
} from "./modules/multihead-attention.js";
export {
  TransformerEncoderLayer, TransformerDecoderLayer,
  type TransformerLayerOptions, type TransformerActivation, type EncoderLayerCallOptions, type DecoderLayerCallOptions,
} from "./modules/transformer-layers.js";
export {
  Transformer, TransformerEncoder, TransformerDecoder,
  type TransformerOptions, type TransformerCallOptions, type TransformerEncoderCallOptions,
} from "./modules/transformer.js";
export { RNNBase, RNN, LSTM, GRU, type RNNOptions } from "./modules/rnn.js";
export { RNNCellBase, RNNCell, LSTMCell, GRUCell, type RNNCellOptions } from "./modules/rnn-cells.js";
export {
  KLDivLoss, HuberLoss, CosineEmbeddingLoss, MarginRankingLoss, TripletMarginLoss, CosineSimilarity, PairwiseDistance,
} from "./modules/embedding-losses.js";
export { InstanceNorm1d, InstanceNorm2d, InstanceNorm3d, LocalResponseNorm, type InstanceNormOptions } from "./modules/instancenorm.js";
export { MaxPool3d, AvgPool3d, type MaxPool3dOptions, type AvgPool3dOptions } from "./modules/pooling3d.js";
