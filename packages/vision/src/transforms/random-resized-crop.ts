import { toHeightWidth, type Size2 } from "../functional/crop.js";
import type { InterpolationMode } from "../functional/interpolation.js";
import { resizedCrop } from "../functional/resize.js";
import { roundHalfEven } from "../functional/round-half-even.js";
import { imageSize, type ImageInput } from "../raster.js";
import { generatorOf, uniform, withoutGenerator, type RandomOptions } from "./random-source.js";
import { Transform } from "./transform.js";

export interface RandomResizedCropOptions extends RandomOptions {
  /** Range of the crop's area as a fraction of the image (default [0.08, 1]). */
  scale?: readonly [number, number];
  /** Range of the crop's aspect ratio w/h (default [3/4, 4/3]). */
  ratio?: readonly [number, number];
  interpolation?: InterpolationMode;
}

/** torchvision's `RandomResizedCrop`: a random area and aspect ratio, resized to `size`. */
export class RandomResizedCrop<I extends ImageInput = ImageInput> extends Transform<I, I> {
  readonly size: [number, number];
  readonly scale: readonly [number, number];
  readonly ratio: readonly [number, number];

  constructor(size: Size2, readonly options: RandomResizedCropOptions = {}) {
    super();
    this.size = toHeightWidth("RandomResizedCrop", size);
    this.scale = options.scale ?? [0.08, 1.0];
    this.ratio = options.ratio ?? [3 / 4, 4 / 3];
  }

  /** torchvision's `get_params`: ten tries at a random box, then a central crop. */
  static getParams(img: ImageInput, scale: readonly [number, number], ratio: readonly [number, number], options: RandomOptions = {}): [number, number, number, number] {
    const [height, width] = imageSize("RandomResizedCrop", img);
    const g = generatorOf(options);
    const area = height * width;
    const logRatio = [Math.log(ratio[0]), Math.log(ratio[1])] as const;
    for (let attempt = 0; attempt < 10; attempt++) {
      const targetArea = area * uniform(g, scale[0], scale[1]);
      const aspect = Math.exp(uniform(g, logRatio[0], logRatio[1]));
      const w = roundHalfEven(Math.sqrt(targetArea * aspect));
      const h = roundHalfEven(Math.sqrt(targetArea / aspect));
      if (w > 0 && w <= width && h > 0 && h <= height) {
        const i = g.integer(0, height - h + 1);
        const j = g.integer(0, width - w + 1);
        return [i, j, h, w];
      }
    }
    const inRatio = width / height;
    let [w, h] = [width, height];
    if (inRatio < Math.min(...ratio)) h = roundHalfEven(w / Math.min(...ratio));
    else if (inRatio > Math.max(...ratio)) w = roundHalfEven(h * Math.max(...ratio));
    return [Math.floor((height - h) / 2), Math.floor((width - w) / 2), h, w];
  }

  call(img: I): I {
    const [i, j, h, w] = RandomResizedCrop.getParams(img, this.scale, this.ratio, this.options);
    return resizedCrop(img, i, j, h, w, this.size, this.options.interpolation ?? "bilinear");
  }

  protected workerArgs(): unknown[] {
    return [this.size, withoutGenerator(this.options)];
  }
}
