import type * as torch from "@taimatsu/core";
import { pilToTensor } from "../functional/to-tensor.js";
import type { Image } from "../image.js";
import { decodeJpegImage, isJpeg } from "./jpeg-decode.js";
import { decodePngImage, isPng } from "./png-decode.js";
import type { ImageReadMode } from "./read-mode.js";
import { ImageDecodeError } from "./image-decode-error.js";

/** PNG or JPEG bytes (told apart by their signature) to an Image. */
export function decodeImageData(bytes: Uint8Array, options: { mode?: ImageReadMode } = {}, source = "data"): Image {
  if (isPng(bytes)) return decodePngImage(bytes, options);
  if (isJpeg(bytes)) return decodeJpegImage(bytes, options);
  throw new ImageDecodeError(`decodeImage: ${source} is neither PNG nor JPEG (unknown signature)`);
}

/** torchvision's `decode_image`: PNG or JPEG bytes to a uint8 CHW tensor. */
export function decodeImage(bytes: Uint8Array, options: { mode?: ImageReadMode } = {}): torch.Tensor {
  return pilToTensor(decodeImageData(bytes, options));
}
