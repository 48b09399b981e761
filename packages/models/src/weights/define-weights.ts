/**
 * torchvision's `WeightsEnum` for TypeScript: a frozen object whose members
 * are the weights of one architecture, plus `DEFAULT`, the entry torchvision
 * would pick (the best one), so `ResNet20Weights.DEFAULT.url` reads as in
 * Python.
 */
import type { Weights, WeightsSpec } from "./weights.js";

export type WeightsEnum<K extends string> = Readonly<Record<K | "DEFAULT", Weights>> & {
  readonly enumName: string;
  readonly architecture: string;
};

/**
 * Groups the specs of one architecture. `defaultName` must be one of them;
 * names must be unique and upper case, as they appear in strings such as
 * `ResNet20_Weights.CIFAR10_AKAMASTER`.
 */
export function defineWeights<K extends string>(
  architecture: string,
  enumName: string,
  specs: readonly (WeightsSpec & { name: K })[],
  defaultName: NoInfer<K>,
): WeightsEnum<K> {
  const members: Record<string, Weights> = {};
  for (const spec of specs) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(spec.name)) throw new Error(`${enumName}: weights name "${spec.name}" must be upper case (letters, digits, '_')`);
    if (spec.name in members) throw new Error(`${enumName}: weights name "${spec.name}" is defined twice`);
    members[spec.name] = Object.freeze({ ...spec, architecture, enumName, fullName: `${enumName}.${spec.name}` });
  }
  const fallback = members[defaultName];
  if (!fallback) throw new Error(`${enumName}: DEFAULT names "${defaultName}", which is not one of its weights`);
  return Object.freeze({ ...members, DEFAULT: fallback, enumName, architecture }) as WeightsEnum<K>;
}

/** The entries of a group, without the DEFAULT alias. */
export function weightsOf(group: WeightsEnum<string>): Weights[] {
  return Object.entries(group)
    .filter(([key, value]) => key !== "DEFAULT" && typeof value === "object")
    .map(([, value]) => value as Weights);
}
