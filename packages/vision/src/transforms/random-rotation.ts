import type { InterpolationMode } from "../functional/interpolation.js";
import { rotate } from "../functional/rotate.js";
import { channelCount, type ImageInput } from "../raster.js";
import { generatorOf, uniform, withoutGenerator, type RandomOptions } from "./random-source.js";
import { Transform } from "./transform.js";

export interface RandomRotationOptions extends RandomOptions {
  /** Default nearest, as torchvision. */
  interpolation?: InterpolationMode;
  expand?: boolean;
  center?: readonly [number, number];
  /** Value outside the rotated image (default 0). */
  fill?: number | readonly number[];
}

/** torchvision's `RandomRotation`: by an angle uniform in [-d, d] (or [min, max]) degrees. */
export class RandomRotation<I extends ImageInput = ImageInput> extends Transform<I, I> {
  readonly degrees: [number, number];

  constructor(degrees: number | readonly [number, number], readonly options: RandomRotationOptions = {}) {
    super();
    if (typeof degrees === "number") {
      if (degrees < 0) throw new RangeError("RandomRotation: If degrees is a single number, it must be positive.");
      this.degrees = [-degrees, degrees];
    } else {
      this.degrees = [degrees[0], degrees[1]];
    }
  }

  static getParams(degrees: readonly [number, number], options: RandomOptions = {}): number {
    return uniform(generatorOf(options), degrees[0], degrees[1]);
  }

  call(img: I): I {
    const angle = RandomRotation.getParams(this.degrees, this.options);
    const fill = this.options.fill ?? 0;
    const perChannel = typeof fill === "number" ? Array.from({ length: channelCount(img) }, () => fill) : fill;
    const { interpolation = "nearest", expand = false, center } = this.options;
    return rotate(img, angle, { interpolation, expand, fill: perChannel, ...(center ? { center } : {}) });
  }

  protected workerArgs(): unknown[] {
    return [this.degrees, withoutGenerator(this.options)];
  }
}
