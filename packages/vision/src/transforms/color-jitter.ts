import * as torch from "@taimatsu/core";
import { adjustBrightness, adjustContrast, adjustHue, adjustSaturation } from "../functional/color.js";
import type { ImageInput } from "../raster.js";
import { generatorOf, uniform, withoutGenerator, type RandomOptions } from "./random-source.js";
import { Transform } from "./transform.js";

/** A jitter amount: x means [max(0, 1 - x), 1 + x] (hue: [-x, x]), or an explicit [min, max]. */
export type JitterRange = number | readonly [number, number];

export interface ColorJitterOptions extends RandomOptions {
  brightness?: JitterRange;
  contrast?: JitterRange;
  saturation?: JitterRange;
  hue?: JitterRange;
}

/** torchvision's `_check_input`: the factor range, or null when it cannot change anything. */
function factorRange(name: string, value: JitterRange | undefined, center: number, bound: [number, number], clipFirstOnZero: boolean): [number, number] | null {
  if (value === undefined) return null;
  let range: [number, number];
  if (typeof value === "number") {
    if (value < 0) throw new RangeError(`ColorJitter: If ${name} is a single number, it must be non negative.`);
    range = [center - value, center + value];
    if (clipFirstOnZero) range[0] = Math.max(range[0], 0);
  } else {
    range = [value[0], value[1]];
  }
  if (!(bound[0] <= range[0] && range[0] <= range[1] && range[1] <= bound[1])) {
    throw new RangeError(`ColorJitter: ${name} values should be between [${bound}], but got [${range}].`);
  }
  return range[0] === range[1] && range[0] === center ? null : range;
}

/**
 * torchvision's `ColorJitter`: random brightness, contrast, saturation and
 * hue changes, applied in a random order.
 */
export class ColorJitter<I extends ImageInput = ImageInput> extends Transform<I, I> {
  readonly brightness: [number, number] | null;
  readonly contrast: [number, number] | null;
  readonly saturation: [number, number] | null;
  readonly hue: [number, number] | null;

  constructor(readonly options: ColorJitterOptions = {}) {
    super();
    this.brightness = factorRange("brightness", options.brightness, 1, [0, Infinity], true);
    this.contrast = factorRange("contrast", options.contrast, 1, [0, Infinity], true);
    this.saturation = factorRange("saturation", options.saturation, 1, [0, Infinity], true);
    this.hue = factorRange("hue", options.hue, 0, [-0.5, 0.5], false);
  }

  /** torchvision's `get_params`: the order of the four adjustments, and each factor (null: skipped). */
  static getParams(
    brightness: [number, number] | null,
    contrast: [number, number] | null,
    saturation: [number, number] | null,
    hue: [number, number] | null,
    options: RandomOptions = {},
  ): [number[], number | null, number | null, number | null, number | null] {
    const g = generatorOf(options);
    const order = torch.randperm(4, { generator: g }).toArray();
    const draw = (r: [number, number] | null) => (r ? uniform(g, r[0], r[1]) : null);
    return [order, draw(brightness), draw(contrast), draw(saturation), draw(hue)];
  }

  call(img: I): I {
    const [order, b, c, s, h] = ColorJitter.getParams(this.brightness, this.contrast, this.saturation, this.hue, this.options);
    for (const fn of order) {
      if (fn === 0 && b !== null) img = adjustBrightness(img, b);
      else if (fn === 1 && c !== null) img = adjustContrast(img, c);
      else if (fn === 2 && s !== null) img = adjustSaturation(img, s);
      else if (fn === 3 && h !== null) img = adjustHue(img, h);
    }
    return img;
  }

  protected workerArgs(): unknown[] {
    return [withoutGenerator(this.options)];
  }
}
