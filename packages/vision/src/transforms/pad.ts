import type { PaddingMode } from "../functional/coordinate-map.js";
import { pad, toLTRB, type Padding } from "../functional/pad.js";
import type { ImageInput } from "../raster.js";
import { Transform } from "./transform.js";

export interface PadOptions {
  /** Constant fill, one value or one per channel (constant mode only). */
  fill?: number | readonly number[];
  paddingMode?: PaddingMode;
}

/** torchvision's `Pad`. */
export class Pad<I extends ImageInput = ImageInput> extends Transform<I, I> {
  readonly padding: [number, number, number, number];

  constructor(padding: Padding, readonly options: PadOptions = {}) {
    super();
    this.padding = toLTRB(padding);
  }

  call(img: I): I {
    return pad(img, this.padding, this.options.fill ?? 0, this.options.paddingMode ?? "constant");
  }

  protected workerArgs(): unknown[] {
    return [this.padding, this.options];
  }
}
