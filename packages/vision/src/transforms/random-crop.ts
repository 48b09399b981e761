import type { PaddingMode } from "../functional/coordinate-map.js";
import { crop, toHeightWidth, type Size2 } from "../functional/crop.js";
import { pad, padThenCrop, toLTRB, type Padding } from "../functional/pad.js";
import { imageSize, type ImageInput } from "../raster.js";
import { generatorOf, withoutGenerator, type RandomOptions } from "./random-source.js";
import { Transform } from "./transform.js";

export interface RandomCropOptions extends RandomOptions {
  /** Padding applied before cropping (see `pad`). */
  padding?: Padding;
  /** Pad images smaller than the crop up to its size. */
  padIfNeeded?: boolean;
  fill?: number | readonly number[];
  paddingMode?: PaddingMode;
}

/** torchvision's `RandomCrop`: an h x w box at a uniformly random position. */
export class RandomCrop<I extends ImageInput = ImageInput> extends Transform<I, I> {
  readonly size: [number, number];

  constructor(size: Size2, readonly options: RandomCropOptions = {}) {
    super();
    this.size = toHeightWidth("RandomCrop", size);
  }

  /** torchvision's `get_params`: top, left, height, width of the crop. */
  static getParams(img: ImageInput, outputSize: [number, number], options: RandomOptions = {}): [number, number, number, number] {
    const [h, w] = imageSize("RandomCrop", img);
    return paramsForSize(h, w, outputSize, options);
  }

  call(img: I): I {
    const { padding, padIfNeeded, fill = 0, paddingMode = "constant" } = this.options;
    const [th, tw] = this.size;
    if (padding !== undefined && !padIfNeeded) {
      // the usual case (CIFAR's RandomCrop(32, padding: 4)): pad and crop in one pass
      const [l, t, r, b] = toLTRB(padding);
      const [h, w] = imageSize("RandomCrop", img);
      const [top, left, height, width] = paramsForSize(h + t + b, w + l + r, this.size, this.options);
      return padThenCrop(img, padding, fill, paddingMode, { top, left, height, width });
    }
    if (padding !== undefined) img = pad(img, padding, fill, paddingMode);
    let [h, w] = imageSize("RandomCrop", img);
    if (padIfNeeded && w < tw) img = pad(img, [tw - w, 0], fill, paddingMode);
    [h, w] = imageSize("RandomCrop", img);
    if (padIfNeeded && h < th) img = pad(img, [0, th - h], fill, paddingMode);
    const [i, j, ch, cw] = RandomCrop.getParams(img, this.size, this.options);
    return crop(img, i, j, ch, cw);
  }

  protected workerArgs(): unknown[] {
    return [this.size, withoutGenerator(this.options)];
  }
}

/** torchvision's `RandomCrop.get_params` for an image of h x w. */
function paramsForSize(h: number, w: number, outputSize: [number, number], options: RandomOptions): [number, number, number, number] {
  const [th, tw] = outputSize;
  if (h < th || w < tw) throw new RangeError(`RandomCrop: Required crop size (${th}, ${tw}) is larger than input image size (${h}, ${w})`);
  if (w === tw && h === th) return [0, 0, h, w];
  const g = generatorOf(options);
  const i = g.integer(0, h - th + 1);
  const j = g.integer(0, w - tw + 1);
  return [i, j, th, tw];
}
