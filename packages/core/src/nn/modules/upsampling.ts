import * as F from "../functional/index.js";
import type { InterpolateMode } from "../functional/index.js";
import type { Tensor } from "../../tensor.js";
import { Module } from "../module.js";
import { pyFloat } from "../module-repr.js";

export interface UpsampleOptions {
  /** Output spatial size (one number for every dim, or one per dim). */
  size?: number | readonly number[] | null;
  /** Multiplier of the spatial size (one for every dim, or one per dim). */
  scaleFactor?: number | readonly number[] | null;
  /** Default "nearest". */
  mode?: InterpolateMode;
  alignCorners?: boolean | null;
  recomputeScaleFactor?: boolean | null;
}

function sizeRepr(v: number | readonly number[]): string {
  return typeof v === "number" ? String(v) : `(${v.join(", ")})`;
}

function scaleRepr(v: number | readonly number[]): string {
  return typeof v === "number" ? pyFloat(v) : `(${v.map(pyFloat).join(", ")})`;
}

/**
 * Resamples its input to a size or by a factor (PyTorch's `nn.Upsample`),
 * with `F.interpolate`.
 *
 * @example
 * ```ts
 * const up = new nn.Upsample({ scaleFactor: 2, mode: "bilinear" });
 * up.call(torch.randn([1, 3, 8, 8])).shape; // [1, 3, 16, 16]
 * ```
 */
export class Upsample extends Module {
  readonly size: number | readonly number[] | null;
  readonly scaleFactor: number | readonly number[] | null;
  readonly mode: InterpolateMode;
  readonly alignCorners: boolean | null;
  readonly recomputeScaleFactor: boolean | null;

  constructor(options: UpsampleOptions = {}) {
    super();
    this.size = options.size ?? null;
    this.scaleFactor = options.scaleFactor ?? null;
    this.mode = options.mode ?? "nearest";
    this.alignCorners = options.alignCorners ?? null;
    this.recomputeScaleFactor = options.recomputeScaleFactor ?? null;
  }

  override forward(input: Tensor): Tensor {
    return F.interpolate(input, {
      size: this.size, scaleFactor: this.scaleFactor, mode: this.mode, alignCorners: this.alignCorners, recomputeScaleFactor: this.recomputeScaleFactor,
    });
  }

  override extraRepr(): string {
    const info = this.scaleFactor !== null ? `scale_factor=${scaleRepr(this.scaleFactor)}` : `size=${this.size === null ? "None" : sizeRepr(this.size)}`;
    return `${info}, mode=${this.mode}`;
  }
}

/** Nearest-neighbour 2-D upsampling (PyTorch's `nn.UpsamplingNearest2d`). */
export class UpsamplingNearest2d extends Upsample {
  constructor(options: { size?: number | readonly number[] | null; scaleFactor?: number | readonly number[] | null } = {}) {
    super({ size: options.size ?? null, scaleFactor: options.scaleFactor ?? null, mode: "nearest" });
  }
}

/** Bilinear 2-D upsampling with aligned corners (PyTorch's `nn.UpsamplingBilinear2d`). */
export class UpsamplingBilinear2d extends Upsample {
  constructor(options: { size?: number | readonly number[] | null; scaleFactor?: number | readonly number[] | null } = {}) {
    super({ size: options.size ?? null, scaleFactor: options.scaleFactor ?? null, mode: "bilinear", alignCorners: true });
  }
}
