import type * as torch from "@taimatsu/core";
import { convertImageDtype } from "../functional/convert-image-dtype.js";
import { Transform } from "./transform.js";

/** torchvision's `ConvertImageDtype`: changes dtype and rescales values to its range. */
export class ConvertImageDtype extends Transform<torch.Tensor, torch.Tensor> {
  constructor(readonly dtype: torch.DType) {
    super();
  }

  call(image: torch.Tensor): torch.Tensor {
    return convertImageDtype(image, this.dtype);
  }

  protected workerArgs(): unknown[] {
    return [this.dtype];
  }
}
