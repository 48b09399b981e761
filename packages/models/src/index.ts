/**
 * @taimatsu/models: model architectures whose state-dict keys match their
 * PyTorch reference implementations, so published PyTorch weights load with
 * `model.loadStateDict(...)` (see `loadTorchCheckpoint` and `stripPrefix` in
 * @taimatsu/core).
 *
 * ```ts
 * import { loadTorchCheckpoint, stripPrefix, type Tensor } from "@taimatsu/core";
 * import * as models from "@taimatsu/models";
 *
 * const model = models.resnet20().eval();
 * const ckpt = loadTorchCheckpoint(readFileSync("resnet20-12fca82f.th")) as { state_dict: Record<string, Tensor> };
 * model.loadStateDict(stripPrefix(ckpt.state_dict, "module."));
 * ```
 */
export { Net } from "./tutorial-net.js";
export { CifarResNet, resnet20, resnet32, resnet44, resnet56, resnet110, type CifarResNetOptions } from "./cifar-resnet.js";
export { CifarBasicBlock, type CifarShortcut } from "./cifar-basic-block.js";
export { PaddingShortcut, projectionShortcut } from "./cifar-shortcut.js";
export { CifarVGG, VGG_LAYERS, vgg11Bn, vgg13Bn, vgg16Bn, vgg19Bn, type VGGLayers } from "./cifar-vgg.js";
export { CifarMobileNetV2, mobilenetV2 } from "./cifar-mobilenet-v2.js";
export { InvertedResidual } from "./inverted-residual.js";
export { ResNet, resnet18, resnet34, resnet50, type ResNetOptions } from "./resnet.js";
export { BasicBlock } from "./resnet-basic-block.js";
export { Bottleneck } from "./resnet-bottleneck.js";
export * as hub from "./hub/index.js";
export * from "./weights/index.js";
