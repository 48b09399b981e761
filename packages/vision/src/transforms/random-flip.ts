import { hflip, vflip } from "../functional/flip.js";
import type { ImageInput } from "../raster.js";
import { generatorOf, withoutGenerator, type RandomOptions } from "./random-source.js";
import { Transform } from "./transform.js";

export interface RandomFlipOptions extends RandomOptions {
  /** Probability of flipping (default 0.5). */
  p?: number;
}

/** A flip applied with probability p; subclasses say which flip. */
export abstract class RandomFlip<I extends ImageInput = ImageInput> extends Transform<I, I> {
  readonly options: RandomFlipOptions;

  constructor(p: number | RandomFlipOptions = 0.5) {
    super();
    this.options = typeof p === "number" ? { p } : p;
  }

  get p(): number {
    return this.options.p ?? 0.5;
  }

  protected abstract flip(img: I): I;

  call(img: I): I {
    return generatorOf(this.options).random() < this.p ? this.flip(img) : img;
  }

  protected workerArgs(): unknown[] {
    return [withoutGenerator(this.options)];
  }
}

/** torchvision's `RandomHorizontalFlip(p)`: mirrors left-right with probability p. */
export class RandomHorizontalFlip<I extends ImageInput = ImageInput> extends RandomFlip<I> {
  protected flip(img: I): I {
    return hflip(img);
  }
}

/** torchvision's `RandomVerticalFlip(p)`: mirrors top-bottom with probability p. */
export class RandomVerticalFlip<I extends ImageInput = ImageInput> extends RandomFlip<I> {
  protected flip(img: I): I {
    return vflip(img);
  }
}
