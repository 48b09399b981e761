import { hflip, vflip } from "../functional/flip.js";
import type { ImageInput } from "../raster.js";
import { generatorOf, withoutGenerator, type RandomOptions } from "./random-source.js";
import { Transform } from "./transform.js";

export interface RandomFlipOptions extends RandomOptions {
  /** Probability of flipping (default 0.5). */
  p?: number;
}

function options(p: number | RandomFlipOptions): RandomFlipOptions {
  return typeof p === "number" ? { p } : p;
}

/** torchvision's `RandomHorizontalFlip(p)`: mirrors left-right with probability p. */
export class RandomHorizontalFlip<I extends ImageInput = ImageInput> extends Transform<I, I> {
  readonly options: RandomFlipOptions;

  constructor(p: number | RandomFlipOptions = 0.5) {
    super();
    this.options = options(p);
  }

  get p(): number {
    return this.options.p ?? 0.5;
  }

  call(img: I): I {
    return generatorOf(this.options).random() < this.p ? hflip(img) : img;
  }

  protected workerArgs(): unknown[] {
    return [withoutGenerator(this.options)];
  }
}

/** torchvision's `RandomVerticalFlip(p)`: mirrors top-bottom with probability p. */
export class RandomVerticalFlip<I extends ImageInput = ImageInput> extends Transform<I, I> {
  readonly options: RandomFlipOptions;

  constructor(p: number | RandomFlipOptions = 0.5) {
    super();
    this.options = options(p);
  }

  get p(): number {
    return this.options.p ?? 0.5;
  }

  call(img: I): I {
    return generatorOf(this.options).random() < this.p ? vflip(img) : img;
  }

  protected workerArgs(): unknown[] {
    return [withoutGenerator(this.options)];
  }
}
