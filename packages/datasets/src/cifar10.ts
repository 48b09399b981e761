import { join } from "node:path";
import type { Image } from "@taimatsu/vision";
import type { CifarLayout } from "./cifar-binary.js";
import { CifarDataset, type CIFAROptions, type CifarShared } from "./cifar-dataset.js";
import { readClassNames } from "./class-names.js";

const BATCH = 10_000;

/** The binary version of CIFAR-10 (https://www.cs.toronto.edu/~kriz/cifar.html). */
export const CIFAR10_LAYOUT: CifarLayout = {
  name: "CIFAR10",
  url: "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz",
  filename: "cifar-10-binary.tar.gz",
  md5: "c32a1d4ab5d03f1284b67883e8d87530",
  folder: "cifar-10-batches-bin",
  trainFiles: [1, 2, 3, 4, 5].map((k) => `data_batch_${k}.bin`),
  testFiles: ["test_batch.bin"],
  records: Object.fromEntries([1, 2, 3, 4, 5].map((k) => [`data_batch_${k}.bin`, BATCH]).concat([["test_batch.bin", BATCH]])),
  labelBytes: 1,
  labelLimits: [10],
};

/**
 * torchvision's `CIFAR10`, read from the official binary archive:
 *
 *     const trainset = await CIFAR10.create({ root: "./data", train: true, download: true, transform });
 *
 * `new CIFAR10({ root, train, transform })` loads data that is already there.
 */
export class CIFAR10<X = Image, Y = number> extends CifarDataset<X, Y> {
  constructor(options: CIFAROptions<X, Y>, shared?: CifarShared) {
    super(CIFAR10_LAYOUT, options, shared);
  }

  /** Downloads (with `download: true`) if needed, then loads. */
  static async create<X = Image, Y = number>(options: CIFAROptions<X, Y>): Promise<CIFAR10<X, Y>> {
    await CifarDataset.prepare(CIFAR10_LAYOUT, options as CIFAROptions<unknown, unknown>);
    return new CIFAR10(options);
  }

  /** Used by DataLoader workers (see `workerSpec`). */
  static fromShared<X, Y>(options: CIFAROptions<X, Y>, shared: CifarShared): CIFAR10<X, Y> {
    return new CIFAR10(options, shared);
  }

  protected readClasses(folder: string): Pick<CifarShared, "classes"> {
    return { classes: readClassNames(join(folder, "batches.meta.txt"), "CIFAR10") };
  }
}
