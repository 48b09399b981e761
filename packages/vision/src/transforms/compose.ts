import { applyTransform, Transform, type TransformLike } from "./transform.js";

/** torchvision's `Compose`: applies transforms in order. */
export class Compose<I = unknown, O = unknown> extends Transform<I, O> {
  constructor(readonly transforms: readonly TransformLike<never, unknown>[]) {
    super();
  }

  call(input: I): O {
    let x: unknown = input;
    for (const t of this.transforms) x = applyTransform(t as TransformLike<unknown, unknown>, x);
    return x as O;
  }

  protected workerArgs(): unknown[] {
    return [this.transforms];
  }
}
