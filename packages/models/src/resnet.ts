import { nn, type Tensor } from "@taimatsu/core";
import { BasicBlock } from "./resnet-basic-block.js";
import { Bottleneck } from "./resnet-bottleneck.js";

type Block = typeof BasicBlock | typeof Bottleneck;

export interface ResNetOptions {
  /** 1000 (ImageNet) by default. */
  numClasses?: number;
  /** Start each residual branch's last batch norm at zero, so blocks begin as identities (Goyal et al. 2017). */
  zeroInitResidual?: boolean;
}

/**
 * torchvision's ImageNet ResNet (He et al. 2015), with its exact module
 * names, so torchvision state dicts load unchanged: `conv1, bn1, relu,
 * maxpool, layer1..layer4` (blocks with `downsample.0/1` where the shape
 * changes), `avgpool, fc`.
 */
export class ResNet extends nn.Module {
  conv1: nn.Conv2d;
  bn1: nn.BatchNorm2d;
  relu: nn.ReLU;
  maxpool: nn.MaxPool2d;
  layer1: nn.Sequential;
  layer2: nn.Sequential;
  layer3: nn.Sequential;
  layer4: nn.Sequential;
  avgpool: nn.AdaptiveAvgPool2d;
  fc: nn.Linear;
  #inPlanes = 64;

  constructor(block: Block, layers: readonly [number, number, number, number], options: ResNetOptions = {}) {
    super();
    this.conv1 = new nn.Conv2d(3, 64, 7, { stride: 2, padding: 3, bias: false });
    this.bn1 = new nn.BatchNorm2d(64);
    this.relu = new nn.ReLU({ inplace: true });
    this.maxpool = new nn.MaxPool2d(3, { stride: 2, padding: 1 });
    this.layer1 = this.#stage(block, 64, layers[0], 1);
    this.layer2 = this.#stage(block, 128, layers[1], 2);
    this.layer3 = this.#stage(block, 256, layers[2], 2);
    this.layer4 = this.#stage(block, 512, layers[3], 2);
    this.avgpool = new nn.AdaptiveAvgPool2d([1, 1]);
    this.fc = new nn.Linear(512 * block.expansion, options.numClasses ?? 1000);
    this.#initialize(options.zeroInitResidual ?? false);
  }

  #stage(block: Block, planes: number, blocks: number, stride: number): nn.Sequential {
    const outPlanes = planes * block.expansion;
    const downsample =
      stride !== 1 || this.#inPlanes !== outPlanes
        ? new nn.Sequential(new nn.Conv2d(this.#inPlanes, outPlanes, 1, { stride, bias: false }), new nn.BatchNorm2d(outPlanes))
        : null;
    const modules = [new block(this.#inPlanes, planes, stride, downsample)];
    this.#inPlanes = outPlanes;
    for (let i = 1; i < blocks; i++) modules.push(new block(this.#inPlanes, planes, 1, null));
    return new nn.Sequential(...modules);
  }

  /** torchvision's initialisation: He-normal (fan-out) convolutions, batch norms at weight 1 and bias 0. */
  #initialize(zeroInitResidual: boolean): void {
    for (const m of this.modules()) {
      if (m instanceof nn.Conv2d) nn.init.kaimingNormal_(m.weight, { mode: "fan_out", nonlinearity: "relu" });
      else if (m instanceof nn.BatchNorm2d) {
        nn.init.ones_(m.weight!);
        nn.init.zeros_(m.bias!);
      }
    }
    if (!zeroInitResidual) return;
    for (const m of this.modules()) {
      if (m instanceof BasicBlock || m instanceof Bottleneck) nn.init.zeros_(m.lastBn.weight!);
    }
  }

  override forward(x: Tensor): Tensor {
    x = this.maxpool.call(this.relu.call(this.bn1.call(this.conv1.call(x))));
    x = this.layer4.call(this.layer3.call(this.layer2.call(this.layer1.call(x))));
    return this.fc.call(this.avgpool.call(x).flatten(1));
  }
}

/** ResNet-18 (11.7M parameters). */
export const resnet18 = (options: ResNetOptions = {}) => new ResNet(BasicBlock, [2, 2, 2, 2], options);
/** ResNet-34 (21.8M parameters). */
export const resnet34 = (options: ResNetOptions = {}) => new ResNet(BasicBlock, [3, 4, 6, 3], options);
/** ResNet-50 (25.6M parameters). */
export const resnet50 = (options: ResNetOptions = {}) => new ResNet(Bottleneck, [3, 4, 6, 3], options);
