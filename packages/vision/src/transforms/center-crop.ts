import { centerCrop, toHeightWidth } from "../functional/crop.js";
import type { ImageInput } from "../raster.js";
import { Transform } from "./transform.js";

/** torchvision's `CenterCrop`: the central h x w box (zero-padded if the image is smaller). */
export class CenterCrop<I extends ImageInput = ImageInput> extends Transform<I, I> {
  readonly size: [number, number];

  constructor(size: number | readonly [number] | readonly [number, number]) {
    super();
    this.size = toHeightWidth("CenterCrop", size);
  }

  call(img: I): I {
    return centerCrop(img, this.size);
  }

  protected workerArgs(): unknown[] {
    return [this.size];
  }
}
