/** `torchvision.io`: reading and writing PNG and JPEG images. */
export { decodePng, decodePngImage, isPng } from "./png-decode.js";
export { encodePng, type EncodePngOptions } from "./png-encode.js";
export { decodeJpeg, decodeJpegImage, isJpeg } from "./jpeg-decode.js";
export { decodeImage, decodeImageData } from "./decode-image.js";
export { readFile, readImage, loadImage, writePng, writeFileAtomic } from "./files.js";
export { convertChannels, type ImageReadMode } from "./read-mode.js";
export { crc32 } from "./crc32.js";
export { ImageDecodeError } from "./image-decode-error.js";
export { decodeImageAsync, fromImageBitmap, imageFromPixels, readPixels, type RgbaPixels, type DrawableImage } from "./browser-image.js";
