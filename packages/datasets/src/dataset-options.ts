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
