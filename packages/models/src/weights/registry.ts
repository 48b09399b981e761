/**
 * torchvision's model registry: `listModels`, `getModel`, `getModelWeights`
 * and `getWeight`, over the architectures of this package and the weights
 * registered for them.
 */
import { ResNet20Weights, ResNet32Weights, ResNet44Weights, ResNet56Weights } from "./cifar-resnet-weights.js";
import { NetWeights } from "./net-weights.js";
import { memberOf, type WeightsGroup } from "./define-weights.js";
import { MODEL_BUILDERS } from "./model-builders.js";
import type { Weights } from "./weights.js";

const WEIGHTS_GROUPS: readonly WeightsGroup[] = [ResNet20Weights, ResNet32Weights, ResNet44Weights, ResNet56Weights, NetWeights];

/** The names `getModel` accepts, sorted. */
export function listModels(): string[] {
  return Object.keys(MODEL_BUILDERS).sort();
}

/** The weights group of an architecture (`getModelWeights("resnet20").DEFAULT`). */
export function getModelWeights(name: string): WeightsGroup {
  checkModelName(name);
  const group = WEIGHTS_GROUPS.find((g) => g.architecture === name);
  if (!group) throw new RangeError(`getModelWeights: no pretrained weights are registered for "${name}"; those with weights: ${WEIGHTS_GROUPS.map((g) => g.architecture).join(", ")}`);
  return group;
}

/**
 * An entry by its full name, `ResNet20_Weights.CIFAR10_AKAMASTER` (torchvision's
 * spelling; `ResNet20Weights.CIFAR10_AKAMASTER`, the exported constant's, works
 * too). `<group>.DEFAULT` is the group's default entry.
 */
export function getWeight(fullName: string): Weights {
  const dot = fullName.indexOf(".");
  const groupName = dot < 0 ? "" : fullName.slice(0, dot);
  const member = fullName.slice(dot + 1);
  const group = WEIGHTS_GROUPS.find((g) => g.enumName === groupName || g.enumName.replace(/_/g, "") === groupName);
  if (!group) throw new RangeError(`getWeight: unknown weights "${fullName}"; expected "<group>.<name>" with a group among ${WEIGHTS_GROUPS.map((g) => g.enumName).join(", ")}`);
  const entry = memberOf(group, member);
  if (!entry) throw new RangeError(`getWeight: ${group.enumName} has no entry "${member}"; it has ${listWeights(group).join(", ")} and DEFAULT`);
  return entry;
}

/** Every registered entry of every architecture. */
export function listWeights(group?: WeightsGroup): string[] {
  return (group ? [group] : WEIGHTS_GROUPS).flatMap((g) => g.entries.map((w) => (group ? w.name : w.fullName)));
}

/**
 * What `getModel`'s `weights` option names: "DEFAULT", an entry of the
 * architecture's group ("CIFAR10_AKAMASTER" or its full name), or an entry
 * itself; null means none.
 */
export function resolveWeights(architecture: string, weights: string | Weights | null | undefined): Weights | null {
  if (weights === null || weights === undefined) return null;
  const entry = typeof weights === "string" ? (weights.includes(".") ? getWeight(weights) : entryOf(architecture, weights)) : weights;
  if (entry.architecture !== architecture) {
    throw new RangeError(`getModel: weights ${entry.fullName} are for ${entry.architecture}, not ${architecture}`);
  }
  return entry;
}

function entryOf(architecture: string, name: string): Weights {
  const group = getModelWeights(architecture);
  const entry = memberOf(group, name);
  if (!entry) throw new RangeError(`getModel: ${group.enumName} has no entry "${name}"; use DEFAULT or one of ${listWeights(group).join(", ")}`);
  return entry;
}

export function checkModelName(name: string): void {
  if (!Object.hasOwn(MODEL_BUILDERS, name)) throw new RangeError(`unknown model "${name}"; listModels() gives ${listModels().join(", ")}`);
}
