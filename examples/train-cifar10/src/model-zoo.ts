/**
 * The architectures this program trains, by the names its `--model` flag
 * takes (the exported builders' names in @taimatsu/models), each with the
 * name the models registry and its eval CLI use for it.
 */
import type { nn } from "@taimatsu/core";
import {
  Net, mobilenetV2, resnet20, resnet32, resnet44, resnet56, resnet110, vgg11Bn, vgg13Bn, vgg16Bn, vgg19Bn,
} from "@taimatsu/models";

export interface ZooEntry {
  build: (options: { numClasses: number }) => nn.Module;
  /** The name `models.getModel` and `pnpm --filter @taimatsu/models eval` know it by. */
  registryName: string;
}

export const CIFAR10_MODELS = {
  net: { build: (options) => new Net(options), registryName: "net" },
  resnet20: { build: resnet20, registryName: "resnet20" },
  resnet32: { build: resnet32, registryName: "resnet32" },
  resnet44: { build: resnet44, registryName: "resnet44" },
  resnet56: { build: resnet56, registryName: "resnet56" },
  resnet110: { build: resnet110, registryName: "resnet110" },
  vgg11Bn: { build: vgg11Bn, registryName: "vgg11_bn" },
  vgg13Bn: { build: vgg13Bn, registryName: "vgg13_bn" },
  vgg16Bn: { build: vgg16Bn, registryName: "vgg16_bn" },
  vgg19Bn: { build: vgg19Bn, registryName: "vgg19_bn" },
  mobilenetV2: { build: mobilenetV2, registryName: "mobilenet_v2" },
} as const satisfies Record<string, ZooEntry>;

export type ModelName = keyof typeof CIFAR10_MODELS;

export const MODEL_NAMES = Object.keys(CIFAR10_MODELS) as ModelName[];

export function isModelName(name: string): name is ModelName {
  return Object.hasOwn(CIFAR10_MODELS, name);
}

/** A freshly initialised 10-class model (initialisation follows the global generator, so seed first). */
export function buildModel(name: ModelName): nn.Module {
  return CIFAR10_MODELS[name].build({ numClasses: 10 });
}

export function countParameters(model: nn.Module): number {
  return model.parameters().reduce((sum, p) => sum + p.numel(), 0);
}
