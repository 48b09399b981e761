import { join } from "node:path";
import type { Image } from "@taimatsu/vision";
import type { CifarLayout } from "./cifar-binary.js";
import { CifarDataset, type CIFAROptions, type CifarShared } from "./cifar-dataset.js";
import { readClassNames } from "./class-names.js";

/** The binary version of CIFAR-100: each record has a coarse then a fine label byte. */
export const CIFAR100_LAYOUT: CifarLayout = {
  name: "CIFAR100",
  url: "https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz",
  filename: "cifar-100-binary.tar.gz",
  md5: "03b5dce01913d631647c71ecec9e9cb8",
  folder: "cifar-100-binary",
  trainFiles: ["train.bin"],
  testFiles: ["test.bin"],
  records: { "train.bin": 50_000, "test.bin": 10_000 },
  labelBytes: 2,
  labelLimits: [20, 100],
};

/**
 * torchvision's `CIFAR100`: targets are the 100 fine labels, as in
 * torchvision; the 20 superclass labels are `coarseTargets`.
 */
export class CIFAR100<X = Image, Y = number> extends CifarDataset<X, Y> {
  readonly coarseClasses: string[];

  constructor(options: CIFAROptions<X, Y>, shared?: CifarShared) {
    super(CIFAR100_LAYOUT, options, shared);
    this.coarseClasses = this.shared.coarseClasses ?? [];
  }

  static async create<X = Image, Y = number>(options: CIFAROptions<X, Y>): Promise<CIFAR100<X, Y>> {
    await CifarDataset.prepare(CIFAR100_LAYOUT, options as CIFAROptions<unknown, unknown>);
    return new CIFAR100(options);
  }

  static fromShared<X, Y>(options: CIFAROptions<X, Y>, shared: CifarShared): CIFAR100<X, Y> {
    return new CIFAR100(options, shared);
  }

  /** Superclass label of each image. */
  get coarseTargets(): number[] {
    return Array.from(this.shared.labels[0]!);
  }

  protected readClasses(folder: string): Pick<CifarShared, "classes" | "coarseClasses"> {
    return {
      classes: readClassNames(join(folder, "fine_label_names.txt"), "CIFAR100"),
      coarseClasses: readClassNames(join(folder, "coarse_label_names.txt"), "CIFAR100"),
    };
  }
}
