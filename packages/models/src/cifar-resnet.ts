import { nn, type Tensor } from "@taimatsu/core";
import { CifarBasicBlock, type CifarShortcut } from "./cifar-basic-block.js";

export interface CifarResNetOptions {
  numClasses?: number;
  /** "A" (default, parameter-free, as in the paper's CIFAR experiments) or "B" (1x1 projections). */
  shortcut?: CifarShortcut;
}

/**
 * The ResNets of He et al. (2015, section 4.2) for 32x32 images: a 3x3
 * convolution, three stages of `n` basic blocks with 16, 32 and 64 channels
 * (the last two halving the resolution), global average pooling and a
 * linear classifier — 6n + 2 layers. State-dict keys match the widely used
 * akamaster/pytorch_resnet_cifar10 checkpoints: `conv1, bn1, layer1.0.conv1,
 * layer1.0.bn1, ..., linear`.
 */
export class CifarResNet extends nn.Module {
  conv1: nn.Conv2d;
  bn1: nn.BatchNorm2d;
  layer1: nn.Sequential;
  layer2: nn.Sequential;
  layer3: nn.Sequential;
  linear: nn.Linear;

  constructor(blocksPerStage: number, options: CifarResNetOptions = {}) {
    super();
    const shortcut = options.shortcut ?? "A";
    this.conv1 = new nn.Conv2d(3, 16, 3, { stride: 1, padding: 1, bias: false });
    this.bn1 = new nn.BatchNorm2d(16);
    let inPlanes = 16;
    const stage = (planes: number, stride: number) => {
      const blocks = Array.from({ length: blocksPerStage }, (_, i) => new CifarBasicBlock(i === 0 ? inPlanes : planes, planes, i === 0 ? stride : 1, shortcut));
      inPlanes = planes;
      return new nn.Sequential(...blocks);
    };
    this.layer1 = stage(16, 1);
    this.layer2 = stage(32, 2);
    this.layer3 = stage(64, 2);
    this.linear = new nn.Linear(64, options.numClasses ?? 10);
    // the reference initialises every convolution and linear weight this way
    for (const m of this.modules()) {
      if (m instanceof nn.Conv2d || m instanceof nn.Linear) nn.init.kaimingNormal_(m.weight);
    }
  }

  override forward(x: Tensor): Tensor {
    let out = this.bn1.call(this.conv1.call(x)).relu();
    out = this.layer3.call(this.layer2.call(this.layer1.call(out)));
    out = nn.functional.avgPool2d(out, out.size(3));
    return this.linear.call(out.flatten(1));
  }
}

const cifarResNet = (depth: number) => (options: CifarResNetOptions = {}) => new CifarResNet((depth - 2) / 6, options);

/** ResNet-20 for CIFAR (0.27M parameters). */
export const resnet20 = cifarResNet(20);
/** ResNet-32 for CIFAR (0.46M parameters). */
export const resnet32 = cifarResNet(32);
/** ResNet-44 for CIFAR (0.66M parameters). */
export const resnet44 = cifarResNet(44);
/** ResNet-56 for CIFAR (0.85M parameters). */
export const resnet56 = cifarResNet(56);
/** ResNet-110 for CIFAR (1.7M parameters). */
export const resnet110 = cifarResNet(110);
