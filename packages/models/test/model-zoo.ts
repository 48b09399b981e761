/** Every architecture of the package by the name generate_fixtures.py uses for it. */
import type { nn } from "@taimatsu/core";
import * as models from "../src/index.js";

export const MODELS: Record<string, (options: { numClasses?: number }) => nn.Module> = {
  net: (o) => new models.Net(o),
  resnet20: models.resnet20,
  resnet32: models.resnet32,
  resnet44: models.resnet44,
  resnet56: models.resnet56,
  resnet110: models.resnet110,
  resnet20_option_b: (o) => models.resnet20({ ...o, shortcut: "B" }),
  vgg11_bn: models.vgg11Bn,
  vgg13_bn: models.vgg13Bn,
  vgg16_bn: models.vgg16Bn,
  vgg19_bn: models.vgg19Bn,
  mobilenet_v2: models.mobilenetV2,
  resnet18: models.resnet18,
  resnet34: models.resnet34,
  resnet50: models.resnet50,
};
