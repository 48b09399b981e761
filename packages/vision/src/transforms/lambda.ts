import { Transform } from "./transform.js";

/**
 * torchvision's `Lambda`: a user function as a transform. To use it in
 * DataLoader workers, export the function from a module and pass
 * `torch.utils.data.importable(fn, import.meta.url)`.
 */
export class Lambda<I = unknown, O = unknown> extends Transform<I, O> {
  constructor(readonly lambd: (input: I) => O) {
    super();
    if (typeof lambd !== "function") throw new TypeError(`Lambda: argument should be callable, got ${typeof lambd}`);
  }

  call(input: I): O {
    return this.lambd(input);
  }

  protected workerArgs(): unknown[] {
    return [this.lambd];
  }
}
