/**
 * @taimatsu/vision: torchvision for TypeScript.
 * `import * as vision from "@taimatsu/vision"`; `vision.transforms`, `vision.io`, `vision.utils`.
 */
export { Image, isImage, type ImageLike } from "./image.js";
export * as transforms from "./transforms/index.js";
export * as io from "./io/index.js";
export * as utils from "./utils/index.js";
