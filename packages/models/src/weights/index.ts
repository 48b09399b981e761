/** The pretrained weights registry and `getModel`. */
export type { Weights, WeightsSpec, WeightsMetric, WeightsTransforms, StateDictLayout } from "./weights.js";
export { defineWeights, type WeightsEnum, type WeightsGroup } from "./define-weights.js";
export { ResNet20Weights, ResNet32Weights, ResNet44Weights, ResNet56Weights } from "./cifar-resnet-weights.js";
export { NetWeights } from "./net-weights.js";
export { CIFAR10_MEAN, CIFAR10_STD } from "./cifar10-normalization.js";
export { OFFICIAL_CIFAR10_TEST, JPEG_CIFAR10_TEST } from "./cifar-resnet-akamaster.js";
export { CIFAR10_CATEGORIES } from "./cifar10-categories.js";
export { PROJECT_WEIGHTS_BASE_URL, projectWeightsUrl } from "./project-weights-url.js";
export { projectWeights, type ProjectWeightsSpec } from "./project-weights.js";
export { listModels, getModelWeights, getWeight, listWeights } from "./registry.js";
export { getModel, type GetModelOptions } from "./get-model.js";
export { loadWeights, type LoadWeightsOptions } from "./load-weights.js";
export type { ModelBuilder, BuilderOptions } from "./model-builders.js";
