import * as torch from "@taimatsu/core";
import { erase } from "../functional/erase.js";
import { roundHalfEven } from "../functional/round-half-even.js";
import { generatorOf, uniform, withoutGenerator, type RandomOptions } from "./random-source.js";
import { Transform } from "./transform.js";

export interface RandomErasingOptions extends RandomOptions {
  /** Probability of erasing (default 0.5). */
  p?: number;
  /** Range of the erased area as a fraction of the image (default [0.02, 0.33]). */
  scale?: readonly [number, number];
  /** Range of the erased box's aspect ratio (default [0.3, 3.3]). */
  ratio?: readonly [number, number];
  /** Erasing value: a number, one per channel, or "random" for standard normal noise. Default 0. */
  value?: number | readonly number[] | "random";
  inplace?: boolean;
}

/** torchvision's `RandomErasing` (on tensor images): blanks a random box. */
export class RandomErasing extends Transform<torch.Tensor, torch.Tensor> {
  readonly p: number;
  readonly scale: readonly [number, number];
  readonly ratio: readonly [number, number];

  constructor(readonly options: RandomErasingOptions = {}) {
    super();
    this.p = options.p ?? 0.5;
    this.scale = options.scale ?? [0.02, 0.33];
    this.ratio = options.ratio ?? [0.3, 3.3];
    if (this.scale[0] > this.scale[1] || this.ratio[0] > this.ratio[1]) throw new RangeError("RandomErasing: Scale and ratio should be of kind (min, max)");
    if (this.scale[0] < 0 || this.scale[1] > 1) throw new RangeError("RandomErasing: Scale should be between 0 and 1");
    if (this.p < 0 || this.p > 1) throw new RangeError("RandomErasing: Random erasing probability should be between 0 and 1");
  }

  /** torchvision's `get_params`: top, left, height, width and the values; the whole image (itself) after ten misses. */
  static getParams(
    img: torch.Tensor,
    scale: readonly [number, number],
    ratio: readonly [number, number],
    value: readonly number[] | null,
    options: RandomOptions = {},
  ): [number, number, number, number, number[] | torch.Tensor] {
    const [c, h, w] = img.shape.slice(-3) as [number, number, number];
    const g = generatorOf(options);
    const area = h * w;
    const logRatio = [Math.log(ratio[0]), Math.log(ratio[1])] as const;
    for (let attempt = 0; attempt < 10; attempt++) {
      const eraseArea = area * uniform(g, scale[0], scale[1]);
      const aspect = Math.exp(uniform(g, logRatio[0], logRatio[1]));
      const eh = roundHalfEven(Math.sqrt(eraseArea * aspect));
      const ew = roundHalfEven(Math.sqrt(eraseArea / aspect));
      if (!(eh < h && ew < w)) continue;
      const v = value ?? torch.randn([c, eh, ew], { generator: g, dtype: img.dtype });
      const i = g.integer(0, h - eh + 1);
      const j = g.integer(0, w - ew + 1);
      return [i, j, eh, ew, v as number[] | torch.Tensor];
    }
    return [0, 0, h, w, img];
  }

  call(img: torch.Tensor): torch.Tensor {
    if (!(generatorOf(this.options).random() < this.p)) return img;
    const c = img.shape[img.ndim - 3] ?? 1;
    const value = this.options.value ?? 0;
    const values = value === "random" ? null : typeof value === "number" ? [value] : [...value];
    if (values && values.length !== 1 && values.length !== c) {
      throw new RangeError(`RandomErasing: If value is a sequence, it should have either a single value or ${c} (number of input channels)`);
    }
    const [i, j, h, w, v] = RandomErasing.getParams(img, this.scale, this.ratio, values, this.options);
    return erase(img, i, j, h, w, v, this.options.inplace ?? false);
  }

  protected workerArgs(): unknown[] {
    return [withoutGenerator(this.options)];
  }
}
