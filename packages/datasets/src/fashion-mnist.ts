import type { Image } from "@taimatsu/vision";
import { IdxDataset, type IdxLayout, type IdxShared, type MNISTOptions } from "./mnist.js";

export const FASHION_MNIST_LAYOUT: IdxLayout = {
  name: "FashionMNIST",
  mirrors: ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"],
  resources: [
    ["train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"],
    ["train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"],
    ["t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"],
    ["t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"],
  ],
  classes: ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
};

/** torchvision's `FashionMNIST`: 28x28 grey clothing images in MNIST's format. */
export class FashionMNIST<X = Image, Y = number> extends IdxDataset<X, Y> {
  constructor(options: MNISTOptions<X, Y>, shared?: IdxShared) {
    super(FASHION_MNIST_LAYOUT, options, shared);
  }

  static async create<X = Image, Y = number>(options: MNISTOptions<X, Y>): Promise<FashionMNIST<X, Y>> {
    await IdxDataset.prepare(FASHION_MNIST_LAYOUT, options as MNISTOptions<unknown, unknown>);
    return new FashionMNIST(options);
  }

  static fromShared<X, Y>(options: MNISTOptions<X, Y>, shared: IdxShared): FashionMNIST<X, Y> {
    return new FashionMNIST(options, shared);
  }
}
