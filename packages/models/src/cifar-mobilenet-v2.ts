import { nn, type Tensor } from "@taimatsu/core";
import { InvertedResidual } from "./inverted-residual.js";

/**
 * (expansion, output channels, blocks, stride of the first block) per stage.
 * For 32x32 inputs the stem and the second stage keep stride 1 where the
 * ImageNet network has 2, leaving 4x4 maps before the final pooling.
 */
const STAGES: readonly (readonly [number, number, number, number])[] = [
  [1, 16, 1, 1], [6, 24, 2, 1], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1],
];

/**
 * MobileNetV2 for CIFAR, with the module names of kuangliu/pytorch-cifar:
 * `conv1, bn1, layers.<i>.{conv1..3, bn1..3, shortcut}, conv2, bn2, linear`.
 */
export class CifarMobileNetV2 extends nn.Module {
  conv1: nn.Conv2d;
  bn1: nn.BatchNorm2d;
  layers: nn.Sequential;
  conv2: nn.Conv2d;
  bn2: nn.BatchNorm2d;
  linear: nn.Linear;

  constructor(options: { numClasses?: number } = {}) {
    super();
    this.conv1 = new nn.Conv2d(3, 32, 3, { stride: 1, padding: 1, bias: false });
    this.bn1 = new nn.BatchNorm2d(32);
    const blocks: InvertedResidual[] = [];
    let inPlanes = 32;
    for (const [expansion, outPlanes, count, stride] of STAGES) {
      for (let i = 0; i < count; i++) {
        blocks.push(new InvertedResidual(inPlanes, outPlanes, expansion, i === 0 ? stride : 1));
        inPlanes = outPlanes;
      }
    }
    this.layers = new nn.Sequential(...blocks);
    this.conv2 = new nn.Conv2d(320, 1280, 1, { bias: false });
    this.bn2 = new nn.BatchNorm2d(1280);
    this.linear = new nn.Linear(1280, options.numClasses ?? 10);
  }

  override forward(x: Tensor): Tensor {
    let out = this.bn1.call(this.conv1.call(x)).relu();
    out = this.layers.call(out);
    out = this.bn2.call(this.conv2.call(out)).relu();
    out = nn.functional.avgPool2d(out, 4);
    return this.linear.call(out.flatten(1));
  }
}

/** MobileNetV2 with CIFAR strides (2.3M parameters). */
export const mobilenetV2 = (options: { numClasses?: number } = {}) => new CifarMobileNetV2(options);
