import type * as torch from "@taimatsu/core";
import { pilToTensor, toTensor } from "../functional/to-tensor.js";
import type { ImageLike } from "../image.js";
import { Transform } from "./transform.js";

/** torchvision's `ToTensor`: Image (HWC uint8) to a float32 CHW tensor in [0, 1]. */
export class ToTensor extends Transform<ImageLike, torch.Tensor> {
  call(pic: ImageLike): torch.Tensor {
    return toTensor(pic);
  }

  protected workerArgs(): unknown[] {
    return [];
  }
}

/** torchvision's `PILToTensor`: Image to a uint8 CHW tensor. */
export class PILToTensor extends Transform<ImageLike, torch.Tensor> {
  call(pic: ImageLike): torch.Tensor {
    return pilToTensor(pic);
  }

  protected workerArgs(): unknown[] {
    return [];
  }
}
