/** `torchvision.transforms.functional`: the deterministic operations behind the transforms. */
export { crop, centerCrop, type Size2 } from "./crop.js";
export { pad, type Padding } from "./pad.js";
export type { PaddingMode } from "./coordinate-map.js";
export { hflip, vflip } from "./flip.js";
export { resize, resizedCrop, resizedSize, type ResizeOptions } from "./resize.js";
export type { InterpolationMode } from "./interpolation.js";
export { toTensor, pilToTensor, toImage } from "./to-tensor.js";
export { normalize, toNormalizedTensor } from "./normalize.js";
export { convertImageDtype } from "./convert-image-dtype.js";
export { adjustBrightness, adjustContrast, adjustSaturation, adjustHue } from "./color.js";
export { rotate, type RotateOptions } from "./rotate.js";
export { erase } from "./erase.js";
