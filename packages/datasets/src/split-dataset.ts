import type * as torch from "@taimatsu/core";
import type { Image } from "@taimatsu/vision";
import { datasetsModule } from "./dataset-module.js";
import type { SplitDatasetOptions } from "./dataset-options.js";
import { VisionDataset } from "./vision-dataset.js";

/**
 * A split read whole into shared memory: one label byte per image, and
 * arrays that DataLoader workers reuse to rebuild the dataset (the class's
 * static `fromShared`) without reading the files again.
 */
export abstract class SplitDataset<X, Y> extends VisionDataset<X, Y> {
  readonly train: boolean;
  /** The name used in messages and `create` hints ("CIFAR10"). */
  abstract readonly layout: { readonly name: string };
  protected abstract readonly labels: Uint8Array;
  /** The second argument of `fromShared`. */
  protected abstract readonly shared: object;

  protected constructor(options: SplitDatasetOptions<X, Y>) {
    super(options.root, options.transform, options.targetTransform);
    this.train = options.train ?? true;
  }

  /** The untransformed image at an index already checked to be in range. */
  protected abstract imageAt(i: number): Image;

  get length(): number {
    return this.labels.length;
  }

  /** Labels as numbers (torchvision's `targets`). */
  get targets(): number[] {
    return Array.from(this.labels);
  }

  /** The untransformed image at `index` (negative counts from the end). */
  image(index: number): Image {
    return this.imageAt(this.checkIndex(index));
  }

  get(index: number): [X, Y] {
    const i = this.checkIndex(index);
    return this.sample(this.imageAt(i), this.labels[i]!);
  }

  /** Rebuilt in a worker from the shared arrays, without reading the files again. */
  workerSpec(): torch.utils.data.WorkerSpec {
    const options = { root: this.root, train: this.train, transform: this.transform, targetTransform: this.targetTransform };
    return { module: datasetsModule, export: `${this.constructor.name}.fromShared`, kind: "call", args: [options, this.shared] };
  }

  /** The error for data missing from `folder`, naming the call that downloads it. */
  protected notFound(folder: string, download: boolean | undefined): Error {
    const how = `await ${this.layout.name}.create({ root: ${JSON.stringify(this.root)}, download: true })`;
    return new Error(
      `${this.layout.name}: dataset not found at ${folder}. ` +
        (download ? `The constructor cannot download (downloads are asynchronous): use ${how}.` : `Download it with ${how}.`),
    );
  }

  protected override extraRepr(): string[] {
    return [`    Split: ${this.train ? "Train" : "Test"}`];
  }

  private checkIndex(index: number): number {
    const i = index < 0 ? index + this.length : index;
    if (!Number.isInteger(i) || i < 0 || i >= this.length) throw new RangeError(`${this.layout.name}.get: index ${index} is out of range for ${this.length} images`);
    return i;
  }
}
