import { nn, type Tensor } from "@taimatsu/core";

/**
 * MobileNetV2's inverted residual block (Sandler et al. 2018): a 1x1
 * expansion, a 3x3 depthwise convolution and a linear 1x1 projection
 * (`conv1..3`, `bn1..3`). Stride-1 blocks add their input back, through a
 * 1x1 projection (`shortcut.0/1`) when the channel count changes.
 */
export class InvertedResidual extends nn.Module {
  conv1: nn.Conv2d;
  bn1: nn.BatchNorm2d;
  conv2: nn.Conv2d;
  bn2: nn.BatchNorm2d;
  conv3: nn.Conv2d;
  bn3: nn.BatchNorm2d;
  shortcut: nn.Sequential;

  constructor(inPlanes: number, outPlanes: number, expansion: number, readonly stride: number) {
    super();
    const planes = expansion * inPlanes;
    this.conv1 = new nn.Conv2d(inPlanes, planes, 1, { bias: false });
    this.bn1 = new nn.BatchNorm2d(planes);
    this.conv2 = new nn.Conv2d(planes, planes, 3, { stride, padding: 1, groups: planes, bias: false });
    this.bn2 = new nn.BatchNorm2d(planes);
    this.conv3 = new nn.Conv2d(planes, outPlanes, 1, { bias: false });
    this.bn3 = new nn.BatchNorm2d(outPlanes);
    this.shortcut =
      stride === 1 && inPlanes !== outPlanes
        ? new nn.Sequential(new nn.Conv2d(inPlanes, outPlanes, 1, { bias: false }), new nn.BatchNorm2d(outPlanes))
        : new nn.Sequential();
  }

  override forward(x: Tensor): Tensor {
    let out = this.bn1.call(this.conv1.call(x)).relu();
    out = this.bn2.call(this.conv2.call(out)).relu();
    out = this.bn3.call(this.conv3.call(out));
    return this.stride === 1 ? out.add(this.shortcut.call(x)) : out;
  }
}
