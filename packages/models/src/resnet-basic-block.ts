import { nn, type Tensor } from "@taimatsu/core";

/**
 * torchvision's two-convolution residual block (ResNet-18/34): `conv1, bn1,
 * relu, conv2, bn2` and, where the shape changes, `downsample.0/1`.
 */
export class BasicBlock extends nn.Module {
  static readonly expansion = 1;
  conv1: nn.Conv2d;
  bn1: nn.BatchNorm2d;
  relu: nn.ReLU;
  conv2: nn.Conv2d;
  bn2: nn.BatchNorm2d;
  downsample: nn.Sequential | null;

  constructor(inPlanes: number, planes: number, stride: number, downsample: nn.Sequential | null) {
    super();
    this.conv1 = new nn.Conv2d(inPlanes, planes, 3, { stride, padding: 1, bias: false });
    this.bn1 = new nn.BatchNorm2d(planes);
    this.relu = new nn.ReLU({ inplace: true });
    this.conv2 = new nn.Conv2d(planes, planes, 3, { padding: 1, bias: false });
    this.bn2 = new nn.BatchNorm2d(planes);
    this.downsample = downsample;
  }

  /** The batch norm that closes the residual branch (zeroed by `zeroInitResidual`). */
  get lastBn(): nn.BatchNorm2d {
    return this.bn2;
  }

  override forward(x: Tensor): Tensor {
    const identity = this.downsample ? this.downsample.call(x) : x;
    const out = this.bn2.call(this.conv2.call(this.relu.call(this.bn1.call(this.conv1.call(x)))));
    return this.relu.call(out.add(identity));
  }
}
