import { existsSync } from "node:fs";
import { join } from "node:path";
import type * as torch from "@taimatsu/core";
import { Image } from "@taimatsu/vision";
import { badFiles, readCifar, type CifarArrays, type CifarLayout } from "./cifar-binary.js";
import { datasetsModule } from "./dataset-module.js";
import type { VisionDatasetOptions } from "./dataset-options.js";
import { downloadAndExtractArchive } from "./download/download-and-extract.js";
import { Progress } from "./download/progress.js";
import { VisionDataset } from "./vision-dataset.js";

export interface CIFAROptions<X, Y> extends VisionDatasetOptions<X, Y> {
  /** The training set (default) or the test set. */
  train?: boolean;
  /**
   * Fetch the archive if the data is not under `root` yet. Downloading is
   * asynchronous, so it happens in `await CIFAR10.create(options)`; the
   * constructor only loads data that is already there.
   */
  download?: boolean;
}

/** What a worker needs to rebuild a CIFAR dataset without touching the disk. */
export interface CifarShared extends CifarArrays {
  classes: string[];
  coarseClasses?: string[];
}

/**
 * The CIFAR binary datasets. Pixels live in shared memory as `data`
 * (N x 32 x 32 x 3, HWC, like torchvision's `data`); `get(i)` gives
 * [transform(image), targetTransform(label)].
 */
export abstract class CifarDataset<X, Y> extends VisionDataset<X, Y> {
  readonly train: boolean;
  /** Pixels of every image, N x 32 x 32 x 3 (HWC), uint8. */
  readonly data: Uint8Array;
  readonly classes: string[];
  protected readonly labels: Uint8Array;
  protected readonly shared: CifarShared;

  protected constructor(
    readonly layout: CifarLayout,
    options: CIFAROptions<X, Y>,
    shared?: CifarShared,
  ) {
    super(options.root, options.transform, options.targetTransform);
    this.train = options.train ?? true;
    this.shared = shared ?? this.load(options);
    this.data = this.shared.data;
    this.labels = this.shared.labels[this.shared.labels.length - 1]!;
    this.classes = this.shared.classes;
  }

  protected abstract readClasses(folder: string): Pick<CifarShared, "classes" | "coarseClasses">;

  private load(options: CIFAROptions<X, Y>): CifarShared {
    const folder = join(this.root, this.layout.folder);
    const files = this.train ? this.layout.trainFiles : this.layout.testFiles;
    if (!files.some((f) => existsSync(join(folder, f)))) {
      const how = `await ${this.layout.name}.create({ root: ${JSON.stringify(this.root)}, download: true })`;
      throw new Error(
        `${this.layout.name}: dataset not found at ${folder}. ` +
          (options.download ? `The constructor cannot download (downloads are asynchronous): use ${how}.` : `Download it with ${how}.`),
      );
    }
    return { ...readCifar(this.layout, folder, files), ...this.readClasses(folder) };
  }

  /**
   * Downloads and extracts the archive unless the extracted files are
   * already there with the right sizes. Shared by the subclasses' `create`.
   */
  protected static async prepare(layout: CifarLayout, options: CIFAROptions<unknown, unknown>): Promise<void> {
    if (!options.download) return;
    const folder = join(options.root, layout.folder);
    if (badFiles(layout, folder, [...layout.trainFiles, ...layout.testFiles]).length === 0) {
      new Progress(layout.filename, null, options).note(`Files already downloaded and verified: ${folder}`);
      return;
    }
    const { root, train: _train, download: _download, transform: _t, targetTransform: _tt, md5, ...rest } = options;
    await downloadAndExtractArchive(layout.url, { ...rest, downloadRoot: root, filename: layout.filename, md5: md5 === undefined ? layout.md5 : md5 });
    const still = badFiles(layout, folder, [...layout.trainFiles, ...layout.testFiles]);
    if (still.length) throw new Error(`${layout.name}: after extracting ${layout.filename}, these files are missing or the wrong size: ${still.join(", ")}; the archive is not a CIFAR binary archive`);
  }

  get length(): number {
    return this.labels.length;
  }

  /** Labels as numbers (torchvision's `targets`). */
  get targets(): number[] {
    return Array.from(this.labels);
  }

  get classToIdx(): Record<string, number> {
    return Object.fromEntries(this.classes.map((c, i) => [c, i]));
  }

  /** The untransformed image at `index`. */
  image(index: number): Image {
    const i = this.checkIndex(index);
    return new Image({ data: this.data.slice(i * 3072, (i + 1) * 3072), height: 32, width: 32, channels: 3 });
  }

  get(index: number): [X, Y] {
    const i = this.checkIndex(index);
    return this.sample(this.image(i), this.labels[i]!);
  }

  private checkIndex(index: number): number {
    const i = index < 0 ? index + this.length : index;
    if (!Number.isInteger(i) || i < 0 || i >= this.length) throw new RangeError(`${this.layout.name}.get: index ${index} is out of range for ${this.length} images`);
    return i;
  }

  /** Rebuilt in a worker from the shared pixels, without reading the files again. */
  workerSpec(): torch.utils.data.WorkerSpec {
    const options = { root: this.root, train: this.train, transform: this.transform, targetTransform: this.targetTransform };
    return { module: datasetsModule, export: `${this.constructor.name}.fromShared`, kind: "call", args: [options, this.shared] };
  }

  protected override extraRepr(): string[] {
    return [`    Split: ${this.train ? "Train" : "Test"}`];
  }
}
