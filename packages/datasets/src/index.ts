/**
 * @taimatsu/datasets: torchvision.datasets for TypeScript, and the download
 * machinery behind them (also at "@taimatsu/datasets/download").
 */
export { CIFAR10, CIFAR10_LAYOUT } from "./cifar10.js";
export { CIFAR100, CIFAR100_LAYOUT } from "./cifar100.js";
export { CifarDataset, type CIFAROptions, type CifarShared } from "./cifar-dataset.js";
export { MNIST, MNIST_LAYOUT, IdxDataset, type MNISTOptions, type IdxLayout, type IdxShared } from "./mnist.js";
export { FashionMNIST, FASHION_MNIST_LAYOUT } from "./fashion-mnist.js";
export { DatasetFolder, ImageFolder, IMG_EXTENSIONS, defaultLoader, type DatasetFolderOptions } from "./image-folder.js";
export { DatasetFileError } from "./dataset-file-error.js";
export { VisionDataset } from "./vision-dataset.js";
export { SplitDataset } from "./split-dataset.js";
export type { VisionDatasetOptions, SplitDatasetOptions, DatasetDownloadOptions } from "./dataset-options.js";
export * as download from "./download/index.js";
