/**
 * Entries for the weights this project trains and publishes in
 * packages/models/weights/. Adding one is a data entry:
 *
 * ```ts
 * export const RESNET20_CIFAR10_V1 = projectWeights({
 *   name: "CIFAR10_V1",
 *   fileName: "resnet20-cifar10-v1-<first 8 hex of its sha256>.safetensors",
 *   sha256: "<sha256sum of the file>", fileSize: <bytes>, numParams: 269_722,
 *   transforms: { mean: [...], std: [...], imageSize: [32, 32] },
 *   metrics: [{ dataset: JPEG_CIFAR10_TEST, top1: <measured>, source: "pnpm --filter @taimatsu/models eval ..." }],
 *   recipe: "<optimizer, schedule, epochs, augmentation; the script that trained it>",
 * });
 * ```
 *
 * then listing it in its architecture's `defineWeights` call.
 */
import { CIFAR10_CATEGORIES } from "./cifar10-categories.js";
import { projectWeightsUrl } from "./project-weights-url.js";
import type { WeightsSpec } from "./weights.js";

export type ProjectWeightsSpec = Omit<WeightsSpec, "url" | "license" | "source" | "categories" | "stateDictLayout"> & {
  /** The file's name in packages/models/weights/. */
  fileName: string;
  /** Default: the CIFAR-10 classes. */
  categories?: readonly string[];
};

export function projectWeights<K extends string>(spec: ProjectWeightsSpec & { name: K }): WeightsSpec & { name: K } {
  const { fileName, categories, ...rest } = spec;
  return {
    ...rest,
    url: projectWeightsUrl(fileName),
    categories: categories ?? CIFAR10_CATEGORIES,
    license: "MIT, the Taimatsu project",
    source: `weights/${fileName} in the @taimatsu/models package (packages/models/weights/ in the repository), trained by the project`,
  };
}
