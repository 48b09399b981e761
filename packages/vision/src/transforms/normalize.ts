import type * as torch from "@taimatsu/core";
import { normalize } from "../functional/normalize.js";
import { Transform } from "./transform.js";

/** torchvision's `Normalize`: (x - mean) / std per channel of a float tensor image. */
export class Normalize extends Transform<torch.Tensor, torch.Tensor> {
  readonly mean: readonly number[];
  readonly std: readonly number[];

  constructor(mean: readonly number[], std: readonly number[], readonly options: { inplace?: boolean } = {}) {
    super();
    this.mean = [...mean];
    this.std = [...std];
  }

  call(tensor: torch.Tensor): torch.Tensor {
    return normalize(tensor, this.mean, this.std, this.options.inplace ?? false);
  }

  protected workerArgs(): unknown[] {
    return [this.mean, this.std, this.options];
  }
}
