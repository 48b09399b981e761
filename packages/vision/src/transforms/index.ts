/** `torchvision.transforms`. Every class here is rebuildable in DataLoader workers. */
export { Transform, type TransformLike } from "./transform.js";
export type { RandomOptions } from "./random-source.js";
export { Compose } from "./compose.js";
export { Lambda } from "./lambda.js";
export { ToTensor, PILToTensor } from "./to-tensor.js";
export { ConvertImageDtype } from "./convert-image-dtype.js";
export { Normalize } from "./normalize.js";
export { Resize } from "./resize.js";
export { CenterCrop } from "./center-crop.js";
export { Pad, type PadOptions } from "./pad.js";
export { RandomCrop, type RandomCropOptions } from "./random-crop.js";
export { RandomResizedCrop, type RandomResizedCropOptions } from "./random-resized-crop.js";
export { RandomHorizontalFlip, RandomVerticalFlip, type RandomFlipOptions } from "./random-flip.js";
export { ColorJitter, type ColorJitterOptions, type JitterRange } from "./color-jitter.js";
export { RandomRotation, type RandomRotationOptions } from "./random-rotation.js";
export { RandomErasing, type RandomErasingOptions } from "./random-erasing.js";
export * as functional from "../functional/index.js";
