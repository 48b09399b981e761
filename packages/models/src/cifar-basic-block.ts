import { nn, type Tensor } from "@taimatsu/core";
import { PaddingShortcut, projectionShortcut } from "./cifar-shortcut.js";

/** How a CIFAR ResNet block matches shapes on its identity path (He et al. 2015). */
export type CifarShortcut = "A" | "B";

/**
 * The two-convolution residual block of the CIFAR ResNets: keys `conv1, bn1,
 * conv2, bn2` and, for option B, `shortcut.0/1`.
 */
export class CifarBasicBlock extends nn.Module {
  conv1: nn.Conv2d;
  bn1: nn.BatchNorm2d;
  conv2: nn.Conv2d;
  bn2: nn.BatchNorm2d;
  /** Identity (an empty Sequential, as in the reference) unless the shape changes. */
  shortcut: nn.Module;

  constructor(inPlanes: number, planes: number, stride: number, shortcut: CifarShortcut) {
    super();
    this.conv1 = new nn.Conv2d(inPlanes, planes, 3, { stride, padding: 1, bias: false });
    this.bn1 = new nn.BatchNorm2d(planes);
    this.conv2 = new nn.Conv2d(planes, planes, 3, { stride: 1, padding: 1, bias: false });
    this.bn2 = new nn.BatchNorm2d(planes);
    const reshapes = stride !== 1 || inPlanes !== planes;
    this.shortcut = !reshapes
      ? new nn.Sequential()
      : shortcut === "A"
        ? new PaddingShortcut(Math.floor(planes / 4))
        : projectionShortcut(inPlanes, planes, stride);
  }

  override forward(x: Tensor): Tensor {
    const out = this.bn2.call(this.conv2.call(this.bn1.call(this.conv1.call(x)).relu()));
    return out.add(this.shortcut.call(x)).relu();
  }
}
