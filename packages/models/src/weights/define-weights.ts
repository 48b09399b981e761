/**
 * torchvision's `WeightsEnum` for TypeScript: a frozen object whose members
 * are the weights of one architecture, plus `DEFAULT`, the entry torchvision
 * would pick, so `ResNet20Weights.DEFAULT.url` reads as in Python.
 */
import type { Weights, WeightsSpec } from "./weights.js";

/** What every group has, whatever its members are called. */
export interface WeightsGroup {
  /** torchvision's spelling: `ResNet20_Weights`. */
  readonly enumName: string;
  /** The architecture, as `getModel` names it. */
  readonly architecture: string;
  readonly DEFAULT: Weights;
  /** The members, in definition order, without the DEFAULT alias. */
  readonly entries: readonly Weights[];
}

export type WeightsEnum<K extends string> = WeightsGroup & Readonly<Record<K, Weights>>;

/**
 * Groups the specs of one architecture. Names must be unique, upper case (as
 * they appear in `ResNet20_Weights.CIFAR10_AKAMASTER`) and not DEFAULT;
 * `defaultName` must be one of them.
 */
export function defineWeights<K extends string>(
  architecture: string,
  enumName: string,
  specs: readonly (WeightsSpec & { name: K })[],
  defaultName: NoInfer<K>,
): WeightsEnum<K> {
  const members: Record<string, Weights> = {};
  for (const spec of specs) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(spec.name) || spec.name === "DEFAULT") {
      throw new Error(`${enumName}: weights name "${spec.name}" must be upper case (letters, digits, '_') and not DEFAULT`);
    }
    if (spec.name in members) throw new Error(`${enumName}: weights name "${spec.name}" is defined twice`);
    members[spec.name] = Object.freeze({ ...spec, architecture, enumName, fullName: `${enumName}.${spec.name}` });
  }
  const fallback = members[defaultName];
  if (!fallback) throw new Error(`${enumName}: DEFAULT names "${defaultName}", which is not one of its weights`);
  const group: WeightsGroup = { enumName, architecture, DEFAULT: fallback, entries: Object.freeze(Object.values(members)) };
  return Object.freeze({ ...members, ...group }) as WeightsEnum<K>;
}

/** The member called `name` ("DEFAULT" included), or undefined. */
export function memberOf(group: WeightsGroup, name: string): Weights | undefined {
  return name === "DEFAULT" ? group.DEFAULT : group.entries.find((w) => w.name === name);
}
