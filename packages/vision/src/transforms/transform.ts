import * as torch from "@taimatsu/core";

const { workerModuleUrl } = torch.utils.data;

/** Where workers find every transform class: this folder's index module. */
const transformsModule = new URL("./index.js", workerModuleUrl(import.meta.url)).href;

/**
 * Base of the transforms: `t.call(x)` is torchvision's `t(x)`. Each transform
 * can rebuild itself in a DataLoader worker from its constructor arguments,
 * so `new CIFAR10({ transform })` works with `numWorkers > 0` as is.
 */
export abstract class Transform<I = unknown, O = unknown> {
  abstract call(input: I): O;

  /** The constructor arguments that rebuild this transform in a worker. */
  protected abstract workerArgs(): unknown[];

  workerSpec(): torch.utils.data.WorkerSpec {
    return { module: transformsModule, export: this.constructor.name, kind: "new", args: this.workerArgs() };
  }
}

/** Anything Compose accepts: a transform, or a function of one argument. */
export type TransformLike<I = unknown, O = unknown> = Transform<I, O> | ((input: I) => O);

export function applyTransform<I, O>(t: TransformLike<I, O>, input: I): O {
  return typeof t === "function" ? t(input) : t.call(input);
}
