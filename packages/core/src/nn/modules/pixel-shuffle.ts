import * as F from "../functional/index.js";
import type { Tensor } from "../../tensor.js";
import { Module } from "../module.js";

/**
 * Rearranges [*, C·r², H, W] into [*, C, H·r, W·r] (PyTorch's `nn.PixelShuffle`),
 * the sub-pixel convolution's upsampling step.
 */
export class PixelShuffle extends Module {
  constructor(readonly upscaleFactor: number) {
    super();
  }

  override forward(input: Tensor): Tensor {
    return F.pixelShuffle(input, this.upscaleFactor);
  }

  override extraRepr(): string {
    return `upscale_factor=${this.upscaleFactor}`;
  }
}

/** The inverse of `PixelShuffle`: [*, C, H·r, W·r] into [*, C·r², H, W] (PyTorch's `nn.PixelUnshuffle`). */
export class PixelUnshuffle extends Module {
  constructor(readonly downscaleFactor: number) {
    super();
  }

  override forward(input: Tensor): Tensor {
    return F.pixelUnshuffle(input, this.downscaleFactor);
  }

  override extraRepr(): string {
    return `downscale_factor=${this.downscaleFactor}`;
  }
}
