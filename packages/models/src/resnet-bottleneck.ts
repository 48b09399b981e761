import { nn, type Tensor } from "@taimatsu/core";

/**
 * torchvision's bottleneck block (ResNet-50 and deeper): 1x1 reduce, 3x3,
 * 1x1 expand by 4, with the stride on the 3x3 convolution ("ResNet v1.5").
 * Keys `conv1..3, bn1..3` and, where the shape changes, `downsample.0/1`.
 */
export class Bottleneck extends nn.Module {
  static readonly expansion = 4;
  conv1: nn.Conv2d;
  bn1: nn.BatchNorm2d;
  conv2: nn.Conv2d;
  bn2: nn.BatchNorm2d;
  conv3: nn.Conv2d;
  bn3: nn.BatchNorm2d;
  relu: nn.ReLU;
  downsample: nn.Sequential | null;

  constructor(inPlanes: number, planes: number, stride: number, downsample: nn.Sequential | null) {
    super();
    this.conv1 = new nn.Conv2d(inPlanes, planes, 1, { bias: false });
    this.bn1 = new nn.BatchNorm2d(planes);
    this.conv2 = new nn.Conv2d(planes, planes, 3, { stride, padding: 1, bias: false });
    this.bn2 = new nn.BatchNorm2d(planes);
    this.conv3 = new nn.Conv2d(planes, planes * Bottleneck.expansion, 1, { bias: false });
    this.bn3 = new nn.BatchNorm2d(planes * Bottleneck.expansion);
    this.relu = new nn.ReLU({ inplace: true });
    this.downsample = downsample;
  }

  /** The batch norm that closes the residual branch (zeroed by `zeroInitResidual`). */
  get lastBn(): nn.BatchNorm2d {
    return this.bn3;
  }

  override forward(x: Tensor): Tensor {
    const identity = this.downsample ? this.downsample.call(x) : x;
    let out = this.relu.call(this.bn1.call(this.conv1.call(x)));
    out = this.relu.call(this.bn2.call(this.conv2.call(out)));
    out = this.bn3.call(this.conv3.call(out));
    return this.relu.call(out.add(identity));
  }
}
