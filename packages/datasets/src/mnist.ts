import { existsSync } from "node:fs";
import { join } from "node:path";
import { Image } from "@taimatsu/vision";
import { downloadSettings, type SplitDatasetOptions } from "./dataset-options.js";
import { downloadUrl } from "./download/download-url.js";
import { extractArchive } from "./download/extract.js";
import { Progress } from "./download/progress.js";
import { DatasetFileError } from "./dataset-file-error.js";
import { readIdxBytes } from "./idx-file.js";
import { SplitDataset } from "./split-dataset.js";

/** MNIST's options: the root folder, the split, transforms and download settings. */
export type MNISTOptions<X, Y> = SplitDatasetOptions<X, Y>;

/** Where an MNIST-format dataset comes from. */
export interface IdxLayout {
  name: string;
  /** Base URLs tried in order; the file name is appended. */
  mirrors: readonly string[];
  /** gzipped IDX files and their MD5s: train images, train labels, test images, test labels. */
  resources: readonly (readonly [string, string])[];
  classes: readonly string[];
}

/** Pixels (N x H x W) and labels, shared with workers. */
export interface IdxShared {
  data: Uint8Array;
  targets: Uint8Array;
  height: number;
  width: number;
}

/**
 * Datasets in MNIST's IDX format, stored like torchvision's:
 * `<root>/<Name>/raw/` holds the .gz downloads and their decompressed files.
 */
export abstract class IdxDataset<X, Y> extends SplitDataset<X, Y> {
  /** Pixels, N x H x W, uint8. */
  readonly data: Uint8Array;
  readonly height: number;
  readonly width: number;
  protected readonly labels: Uint8Array;
  protected readonly shared: IdxShared;

  protected constructor(
    readonly layout: IdxLayout,
    options: MNISTOptions<X, Y>,
    shared?: IdxShared,
  ) {
    super(options);
    this.shared = shared ?? this.load(options);
    [this.data, this.labels, this.height, this.width] = [this.shared.data, this.shared.targets, this.shared.height, this.shared.width];
  }

  get classes(): string[] {
    return [...this.layout.classes];
  }

  get rawFolder(): string {
    return join(this.root, this.layout.name, "raw");
  }

  private load(options: MNISTOptions<X, Y>): IdxShared {
    const [images, labels] = (this.train ? this.layout.resources.slice(0, 2) : this.layout.resources.slice(2)).map(([f]) => join(this.rawFolder, f.replace(/\.gz$/, "")));
    if (!existsSync(images!) || !existsSync(labels!)) throw this.notFound(this.rawFolder, options.download);
    const img = readIdxBytes(images!, this.layout.name);
    const lab = readIdxBytes(labels!, this.layout.name);
    if (img.dims.length !== 3 || lab.dims.length !== 1 || img.dims[0] !== lab.dims[0]) {
      throw new DatasetFileError(images!, `${this.layout.name}: ${images} and ${labels} do not match (dimensions ${img.dims.join("x")} and ${lab.dims.join("x")}); delete them and download again`);
    }
    return { data: img.data, targets: lab.data, height: img.dims[1]!, width: img.dims[2]! };
  }

  /** Fetches and decompresses each file that is missing. */
  protected static async prepare(layout: IdxLayout, options: MNISTOptions<unknown, unknown>): Promise<void> {
    if (!options.download) return;
    const raw = join(options.root, layout.name, "raw");
    const missing = layout.resources.filter(([f]) => !existsSync(join(raw, f.replace(/\.gz$/, ""))));
    if (missing.length === 0) new Progress(layout.name, null, options).note(`Files already downloaded: ${raw}`);
    for (const [filename, sum] of missing) {
      const archive = await downloadUrl(layout.mirrors.map((m) => `${m}${filename}`), { ...downloadSettings(options, sum), root: raw, filename });
      await extractArchive(archive, raw);
    }
  }

  /** The image at an index in range (one channel, like PIL mode "L"). */
  protected imageAt(i: number): Image {
    const n = this.height * this.width;
    return new Image({ data: this.data.slice(i * n, (i + 1) * n), height: this.height, width: this.width, channels: 1 });
  }
}

export const MNIST_LAYOUT: IdxLayout = {
  name: "MNIST",
  mirrors: ["http://yann.lecun.com/exdb/mnist/", "https://ossci-datasets.s3.amazonaws.com/mnist/"],
  resources: [
    ["train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"],
    ["train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"],
    ["t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"],
    ["t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"],
  ],
  classes: ["0 - zero", "1 - one", "2 - two", "3 - three", "4 - four", "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine"],
};

/** torchvision's `MNIST`: 28x28 grey digits. */
export class MNIST<X = Image, Y = number> extends IdxDataset<X, Y> {
  constructor(options: MNISTOptions<X, Y>, shared?: IdxShared) {
    super(MNIST_LAYOUT, options, shared);
  }

  static async create<X = Image, Y = number>(options: MNISTOptions<X, Y>): Promise<MNIST<X, Y>> {
    await IdxDataset.prepare(MNIST_LAYOUT, options as MNISTOptions<unknown, unknown>);
    return new MNIST(options);
  }

  static fromShared<X, Y>(options: MNISTOptions<X, Y>, shared: IdxShared): MNIST<X, Y> {
    return new MNIST(options, shared);
  }
}
