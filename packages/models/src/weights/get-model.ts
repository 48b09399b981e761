/**
 * torchvision's `get_model`: an architecture by name, with pretrained weights
 * when asked. Asynchronous because the weights may have to be downloaded.
 */
import type { nn } from "@taimatsu/core";
import { loadWeights, type LoadWeightsOptions } from "./load-weights.js";
import { MODEL_BUILDERS, type BuilderOptions } from "./model-builders.js";
import { checkModelName, resolveWeights } from "./registry.js";
import type { Weights } from "./weights.js";

export interface GetModelOptions extends BuilderOptions, LoadWeightsOptions {
  /** "DEFAULT", an entry name ("CIFAR10_AKAMASTER", "ResNet20_Weights.CIFAR10_AKAMASTER"), an entry, or null (random initialisation, the default). */
  weights?: string | Weights | null;
}

/**
 * ```ts
 * const model = (await models.getModel("resnet20", { weights: "DEFAULT" })).eval();
 * ```
 * With weights, `numClasses` defaults to the number of the weights'
 * categories and must agree with it when given.
 */
export async function getModel(name: string, options: GetModelOptions = {}): Promise<nn.Module> {
  checkModelName(name);
  const { weights: requested, progress, modelDir, mapLocation, ...builderOptions } = options;
  const weights = resolveWeights(name, requested);
  if (weights) builderOptions.numClasses = numClassesFor(weights, builderOptions.numClasses);
  const model = MODEL_BUILDERS[name]!(builderOptions);
  if (weights) model.loadStateDict(await loadWeights(weights, { progress, modelDir, mapLocation }));
  return model;
}

function numClassesFor(weights: Weights, requested: number | undefined): number {
  const count = weights.categories.length;
  if (requested !== undefined && requested !== count) {
    throw new RangeError(`getModel: ${weights.fullName} has ${count} classes, but numClasses is ${requested}; leave numClasses out or load no weights`);
  }
  return count;
}
