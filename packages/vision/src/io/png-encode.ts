import * as torch from "@taimatsu/core";
import { toImage } from "../functional/to-tensor.js";
import { isImage, type ImageLike } from "../image.js";
import { concatBytes } from "./concat-bytes.js";
import { crc32 } from "./crc32.js";
import { predict } from "./png-filter.js";
import { nodeBuiltin, type NodeZlib } from "./node-builtin.js";

/** Colour type by channel count: grey, grey + alpha, RGB, RGBA. */
const COLOR_TYPE: Record<number, number> = { 1: 0, 2: 4, 3: 2, 4: 6 };

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * Filters each row with whichever of the five PNG filters gives the smallest
 * sum of absolute (signed) bytes, the usual heuristic for good compression.
 */
function filterRows(px: Uint8Array, width: number, height: number, bpp: number): Uint8Array {
  const rowBytes = width * bpp;
  const out = new Uint8Array(height * (rowBytes + 1));
  const candidate = new Uint8Array(rowBytes);
  const best = new Uint8Array(rowBytes);
  for (let y = 0; y < height; y++) {
    const row = y * rowBytes;
    const prev = y > 0 ? row - rowBytes : -1;
    let bestScore = Infinity;
    let bestFilter = 0;
    for (let f = 0; f < 5; f++) {
      let score = 0;
      for (let i = 0; i < rowBytes; i++) {
        const a = i >= bpp ? px[row + i - bpp]! : 0;
        const b = prev >= 0 ? px[prev + i]! : 0;
        const c = prev >= 0 && i >= bpp ? px[prev + i - bpp]! : 0;
        const v = (px[row + i]! - predict(f, a, b, c)) & 0xff;
        candidate[i] = v;
        score += v < 128 ? v : 256 - v;
      }
      if (score < bestScore) {
        bestScore = score;
        bestFilter = f;
        best.set(candidate);
      }
    }
    out[y * (rowBytes + 1)] = bestFilter;
    out.set(best, y * (rowBytes + 1) + 1);
  }
  return out;
}

export interface EncodePngOptions {
  /** zlib level 0-9 (default 6, as torchvision). */
  compressionLevel?: number;
}

/**
 * torchvision's `encode_png`: a uint8 CHW tensor (C = 1, 2, 3 or 4), or an
 * Image, to PNG bytes.
 */
export function encodePng(input: torch.Tensor | ImageLike, options: EncodePngOptions = {}): Uint8Array {
  const level = options.compressionLevel ?? 6;
  if (!Number.isInteger(level) || level < 0 || level > 9) throw new RangeError(`encodePng: compressionLevel must be between 0 and 9, got ${level}`);
  if (input instanceof torch.Tensor && input.dtype !== "uint8") throw new TypeError(`encodePng: input tensor dtype should be uint8, got ${input.dtype}`);
  if (!(input instanceof torch.Tensor) && !isImage(input)) throw new TypeError("encodePng: expected a uint8 CHW tensor or an Image");
  const img = toImage(input);
  const colorType = COLOR_TYPE[img.channels];
  if (colorType === undefined) throw new RangeError(`encodePng: expected 1, 2, 3 or 4 channels, got ${img.channels}`);
  const header = new Uint8Array(13);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, img.width);
  hv.setUint32(4, img.height);
  header.set([8, colorType, 0, 0, 0], 8);
  const zlib = nodeBuiltin<NodeZlib>("node:zlib", "encodePng", "in a browser draw the image on a canvas and use its toBlob()");
  const idat = zlib.deflateSync(filterRows(img.data, img.width, img.height, img.channels), { level });
  return concatBytes([Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", header), chunk("IDAT", idat), chunk("IEND", new Uint8Array(0))]);
}
