import jpeg from "jpeg-js";
import type * as torch from "@taimatsu/core";
import { pilToTensor } from "../functional/to-tensor.js";
import { Image } from "../image.js";
import { convertChannels, type ImageReadMode } from "./read-mode.js";
import { ImageDecodeError } from "./image-decode-error.js";

export function isJpeg(bytes: Uint8Array): boolean {
  return bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/**
 * JPEG bytes to an Image, with the pure-JS `jpeg-js` decoder (so it runs in
 * browsers too). Decoded JPEGs are RGB; `mode: "gray"` converts.
 */
export function decodeJpegImage(bytes: Uint8Array, options: { mode?: ImageReadMode } = {}): Image {
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
  } catch (e) {
    throw new ImageDecodeError(`decodeJpeg: corrupt or unsupported JPEG data: ${(e as Error).message}`, { cause: e });
  }
  const img = new Image({ data: decoded.data, height: decoded.height, width: decoded.width, channels: 3 });
  return convertChannels(img, options.mode ?? "unchanged");
}

/** torchvision's `decode_jpeg`: JPEG bytes to a uint8 CHW tensor. */
export function decodeJpeg(bytes: Uint8Array, options: { mode?: ImageReadMode } = {}): torch.Tensor {
  return pilToTensor(decodeJpegImage(bytes, options));
}
