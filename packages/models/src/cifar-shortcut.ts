import { nn, pad, slice, type Tensor } from "@taimatsu/core";

/**
 * The parameter-free "option A" shortcut of He et al. (2015) for CIFAR: where
 * a block halves the resolution and doubles the channels, the identity is
 * subsampled (`x[:, :, ::2, ::2]`) and zero-padded with `planes / 4` channels
 * on each side. Having no parameters, it adds nothing to state dicts.
 */
export class PaddingShortcut extends nn.Module {
  constructor(readonly channelPad: number) {
    super();
  }

  override forward(x: Tensor): Tensor {
    const every2nd = slice(null, null, 2);
    const subsampled = x.index(slice(), slice(), every2nd, every2nd);
    // pad's pairs run from the last dim backwards: width, height, channels
    return pad(subsampled, [0, 0, 0, 0, this.channelPad, this.channelPad]);
  }

  override extraRepr(): string {
    return `channel_pad=${this.channelPad}`;
  }
}

/**
 * Option B: a 1x1 convolution and batch norm where the shape changes
 * (`shortcut.0`, `shortcut.1` in state dicts).
 */
export function projectionShortcut(inPlanes: number, planes: number, stride: number): nn.Sequential {
  return new nn.Sequential(new nn.Conv2d(inPlanes, planes, 1, { stride, bias: false }), new nn.BatchNorm2d(planes));
}
