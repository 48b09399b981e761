/**
 * Images in a browser: what the page already decoded (an ImageBitmap, a
 * canvas, an <img>, ImageData) becomes an Image or a uint8 CHW tensor, and
 * encoded bytes or a Blob decode through the browser's own decoders.
 */
import type * as torch from "@taimatsu/core";
import { pilToTensor } from "../functional/to-tensor.js";
import { Image } from "../image.js";
import { convertChannels, type ImageReadMode } from "./read-mode.js";

/** ImageData's shape: RGBA rows, 4 bytes a pixel. */
export interface RgbaPixels {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray | Uint8Array;
}

interface Canvas2d {
  drawImage(source: unknown, x: number, y: number): void;
  getImageData(x: number, y: number, w: number, h: number): RgbaPixels;
}

/** What canvas can draw; typed loosely so the package compiles without the DOM library. */
export type DrawableImage = { readonly width: number; readonly height: number } & object;

/**
 * RGBA pixels (ImageData) to an Image, converted to `mode`: by default "rgb"
 * (PIL's `convert("RGB")`), since a canvas always hands out RGBA.
 */
export function imageFromPixels(pixels: RgbaPixels, options: { mode?: ImageReadMode } = {}): Image {
  const { width, height, data } = pixels;
  if (data.length !== width * height * 4) {
    throw new RangeError(`imageFromPixels: ${width}x${height} RGBA pixels need ${width * height * 4} bytes, got ${data.length}`);
  }
  const rgba = new Image({ data: new Uint8Array(data.buffer, data.byteOffset, data.length).slice(), width, height, channels: 4 });
  return convertChannels(rgba, options.mode ?? "rgb");
}

/** Draws `source` (ImageBitmap, canvas, <img>, video frame) and reads its pixels back. */
export function readPixels(source: DrawableImage): RgbaPixels {
  const { width, height } = source;
  const g = globalThis as { OffscreenCanvas?: new (w: number, h: number) => { getContext(kind: "2d"): Canvas2d | null } };
  if (!g.OffscreenCanvas) throw new Error("readPixels: needs OffscreenCanvas (a browser or a Web Worker); in Node.js decode bytes with decodeImage");
  const ctx = new g.OffscreenCanvas(width, height).getContext("2d");
  if (!ctx) throw new Error("readPixels: the browser gave no 2d canvas context");
  ctx.drawImage(source, 0, 0);
  return ctx.getImageData(0, 0, width, height);
}

/** An ImageBitmap, canvas or <img> as a uint8 CHW tensor (torchvision's read_image of what the page shows). */
export function fromImageBitmap(source: DrawableImage, options: { mode?: ImageReadMode } = {}): torch.Tensor {
  return pilToTensor(imageFromPixels(readPixels(source), options));
}

/**
 * PNG, JPEG, WebP, GIF... bytes or a Blob (a dropped file) to a uint8 CHW
 * tensor, decoded by the browser (`createImageBitmap`).
 */
export async function decodeImageAsync(input: Uint8Array | Blob, options: { mode?: ImageReadMode } = {}): Promise<torch.Tensor> {
  const g = globalThis as { createImageBitmap?: (blob: Blob) => Promise<DrawableImage & { close(): void }> };
  if (!g.createImageBitmap) throw new Error("decodeImageAsync: needs createImageBitmap (a browser or a Web Worker); in Node.js use decodeImage");
  const blob = input instanceof Blob ? input : new Blob([input as BlobPart]);
  const bitmap = await g.createImageBitmap(blob);
  try {
    return fromImageBitmap(bitmap, options);
  } finally {
    bitmap.close();
  }
}
