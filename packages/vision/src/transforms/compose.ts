import { toNormalizedTensor } from "../functional/normalize.js";
import { isImage } from "../image.js";
import { Normalize } from "./normalize.js";
import { ToTensor } from "./to-tensor.js";
import { applyTransform, Transform, type TransformLike } from "./transform.js";

/** torchvision's `Compose`: applies transforms in order. */
export class Compose<I = unknown, O = unknown> extends Transform<I, O> {
  constructor(readonly transforms: readonly TransformLike<never, unknown>[]) {
    super();
  }

  call(input: I): O {
    let x: unknown = input;
    const ts = this.transforms;
    for (let i = 0; i < ts.length; i++) {
      const t = ts[i], next = ts[i + 1];
      // ToTensor then Normalize: one pass over the image, the same values (see toNormalizedTensor)
      if (t?.constructor === ToTensor && next?.constructor === Normalize && isImage(x)) {
        x = toNormalizedTensor(x, (next as Normalize).mean, (next as Normalize).std);
        i++;
        continue;
      }
      x = applyTransform(t as TransformLike<unknown, unknown>, x);
    }
    return x as O;
  }

  protected workerArgs(): unknown[] {
    return [this.transforms];
  }
}
