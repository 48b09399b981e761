import { resize, type ResizeOptions } from "../functional/resize.js";
import type { ImageInput } from "../raster.js";
import { Transform } from "./transform.js";

/**
 * torchvision's `Resize`: to [h, w], or the shorter edge to `size` keeping
 * the aspect ratio. Bilinear or nearest, without antialiasing (torchvision
 * 0.14's tensor default), for tensors and Images alike.
 */
export class Resize<I extends ImageInput = ImageInput> extends Transform<I, I> {
  readonly size: number | readonly number[];

  constructor(size: number | readonly number[], readonly options: ResizeOptions = {}) {
    super();
    if (typeof size !== "number" && (size.length < 1 || size.length > 2)) throw new RangeError(`Resize: If size is a sequence, it should have 1 or 2 values, got ${size.length}`);
    this.size = typeof size === "number" ? size : [...size];
  }

  call(img: I): I {
    return resize(img, this.size, this.options);
  }

  protected workerArgs(): unknown[] {
    return [this.size, this.options];
  }
}
