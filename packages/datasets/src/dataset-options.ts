import type { TransformLike } from "@taimatsu/vision/transforms";
import type { Image } from "@taimatsu/vision";
import type { DownloadOptions } from "./download/download-url.js";

/** Download settings a dataset passes through (mirror, md5 override, retries, progress). */
export type DatasetDownloadOptions = Omit<DownloadOptions, "root" | "filename">;

/** Options every image-classification dataset takes, as torchvision's. */
export interface VisionDatasetOptions<X, Y> extends DatasetDownloadOptions {
  /** Folder holding the data (torchvision's `root`). */
  root: string;
  /** Applied to each image (an `Image`), e.g. `new Compose([new ToTensor(), ...])`. */
  transform?: TransformLike<Image, X>;
  /** Applied to each label. */
  targetTransform?: TransformLike<number, Y>;
}

/** Options of the datasets published as a training and a test split. */
export interface SplitDatasetOptions<X, Y> extends VisionDatasetOptions<X, Y> {
  /** The training set (default) or the test set. */
  train?: boolean;
  /**
   * Fetch the files if they are not under `root` yet. Downloading is
   * asynchronous, so it happens in `await X.create(options)`; the constructor
   * only loads data that is already there.
   */
  download?: boolean;
}

/** The download settings among a dataset's options; `md5` defaults to the published one. */
export function downloadSettings(options: SplitDatasetOptions<unknown, unknown>, publishedMd5: string): DatasetDownloadOptions {
  const { root: _root, train: _train, download: _download, transform: _transform, targetTransform: _targetTransform, md5, ...rest } = options;
  return { ...rest, md5: md5 === undefined ? publishedMd5 : md5 };
}
