import * as torch from "@taimatsu/core";
import { Image, isImage, type ImageLike } from "../image.js";
import { copyLayout, fromImage, fromTensor, toImage as rasterToImage, type Raster } from "../raster.js";

function checkImage(op: string, img: unknown): ImageLike {
  if (!isImage(img)) {
    const got = img instanceof torch.Tensor ? "a Tensor (use ConvertImageDtype for tensors)" : String(img);
    throw new TypeError(`${op}: expected an Image ({data, height, width, channels}), got ${got}`);
  }
  return img;
}

/** HWC bytes to CHW bytes. */
function planar(img: ImageLike): Uint8Array {
  const src = fromImage(img);
  const dst: Raster = { ...src, layout: "chw", data: new Uint8Array(src.data.length) };
  copyLayout(src, dst);
  return dst.data as Uint8Array;
}

/** byte b as float32 b / 255, ToTensor's value */
const UNIT = Float32Array.from({ length: 256 }, (_, b) => b / 255);

/**
 * One pass from an image's HWC bytes to a float32 CHW tensor: byte b of
 * channel ch becomes table[ch * channelStride + b] (a stride of 0 shares one
 * 256-entry table between the channels).
 */
export function planarFromTable(img: ImageLike, table: Float32Array, channelStride: number): torch.Tensor {
  const { data, channels: c } = img;
  const plane = img.height * img.width;
  const out = new Float32Array(data.length);
  for (let ch = 0; ch < c; ch++)
    for (let p = 0, src = ch, at = ch * channelStride; p < plane; p++, src += c) out[ch * plane + p] = table[at + data[src]!]!;
  return torch.tensor(out, { shape: [c, img.height, img.width] });
}

/** torchvision's `to_tensor` / `ToTensor`: an Image to a float32 CHW tensor in [0, 1]. */
export function toTensor(img: ImageLike): torch.Tensor {
  checkImage("toTensor", img);
  return planarFromTable(img, UNIT, 0);
}

/** torchvision's `pil_to_tensor` / `PILToTensor`: an Image to a uint8 CHW tensor, values unchanged. */
export function pilToTensor(img: ImageLike): torch.Tensor {
  checkImage("pilToTensor", img);
  return torch.tensor(planar(img), { shape: [img.channels, img.height, img.width] });
}

/**
 * torchvision's `to_pil_image`, for tensors: a CHW (or HW) tensor to an
 * Image. Float tensors are scaled by 255 and truncated, as torchvision does
 * (`pic.mul(255).byte()`).
 */
export function toImage(pic: torch.Tensor | ImageLike): Image {
  if (isImage(pic)) return new Image(pic);
  const r = fromTensor("toImage", pic);
  if (r.batch.length > 0) throw new RangeError(`toImage: pic should be 2 or 3 dimensional, got shape [${pic.shape.join(", ")}]`);
  if (r.c > 4) throw new RangeError(`toImage: pic should not have > 4 channels, got ${r.c} channels`);
  if (torch.isFloatingPoint(r.dtype)) {
    const bytes = new Uint8Array(r.data.length);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.trunc(Math.fround(r.data[i]! * 255)) & 0xff;
    return rasterToImage({ ...r, dtype: "uint8", data: bytes });
  }
  if (r.dtype !== "uint8") throw new TypeError(`toImage: expected a float or uint8 tensor, got ${r.dtype}`);
  return rasterToImage(r);
}
