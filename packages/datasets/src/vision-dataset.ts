import * as torch from "@taimatsu/core";
import type { Image } from "@taimatsu/vision";
import type { TransformLike } from "@taimatsu/vision/transforms";

function apply<I, O>(t: TransformLike<I, O> | undefined, x: I): O {
  if (!t) return x as unknown as O;
  return typeof t === "function" ? t(x) : t.call(x);
}

/** torchvision's `VisionDataset`: a root folder, and transforms for images and labels. */
export abstract class VisionDataset<X, Y> extends torch.utils.data.Dataset<[X, Y]> {
  constructor(
    readonly root: string,
    readonly transform: TransformLike<Image, X> | undefined,
    readonly targetTransform: TransformLike<number, Y> | undefined,
  ) {
    super();
  }

  /** The sample as `get` returns it: both transforms applied. */
  protected sample(img: Image, target: number): [X, Y] {
    return [apply(this.transform, img), apply(this.targetTransform, target)];
  }

  override toString(): string {
    const lines = [`Dataset ${this.constructor.name}`, `    Number of datapoints: ${this.length}`, `    Root location: ${this.root}`, ...this.extraRepr()];
    if (this.transform) lines.push(`    Transform: ${this.transform.constructor.name}`);
    return lines.join("\n");
  }

  protected extraRepr(): string[] {
    return [];
  }
}
