/**
 * The architectures `getModel` can build, by the names torchvision would give
 * them (lower case, '_' before a suffix). Every builder takes an options
 * object with at least `numClasses`.
 */
import type { nn } from "@taimatsu/core";
import { resnet20, resnet32, resnet44, resnet56, resnet110 } from "../cifar-resnet.js";
import { mobilenetV2 } from "../cifar-mobilenet-v2.js";
import { vgg11Bn, vgg13Bn, vgg16Bn, vgg19Bn } from "../cifar-vgg.js";
import { resnet18, resnet34, resnet50 } from "../resnet.js";
import { Net } from "../tutorial-net.js";

export interface BuilderOptions {
  numClasses?: number;
  [option: string]: unknown;
}

export type ModelBuilder = (options?: BuilderOptions) => nn.Module;

export const MODEL_BUILDERS: Readonly<Record<string, ModelBuilder>> = Object.freeze({
  net: (options?: BuilderOptions) => new Net(options),
  resnet20,
  resnet32,
  resnet44,
  resnet56,
  resnet110,
  vgg11_bn: vgg11Bn,
  vgg13_bn: vgg13Bn,
  vgg16_bn: vgg16Bn,
  vgg19_bn: vgg19Bn,
  mobilenet_v2: mobilenetV2,
  resnet18,
  resnet34,
  resnet50,
});
