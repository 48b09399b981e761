import { Image } from "../image.js";

/**
 * torchvision's `ImageReadMode`: keep the file's channels, or convert to
 * grey, grey + alpha, RGB or RGBA.
 */
export type ImageReadMode = "unchanged" | "gray" | "grayAlpha" | "rgb" | "rgba";

const CHANNELS: Record<Exclude<ImageReadMode, "unchanged">, number> = { gray: 1, grayAlpha: 2, rgb: 3, rgba: 4 };

/**
 * Converts between channel layouts as PIL's `convert` does: grey is the
 * ITU-R 601-2 luma L = (299 R + 587 G + 114 B) / 1000, rounded; added alpha is
 * opaque; dropped alpha is discarded.
 */
export function convertChannels(img: Image, mode: ImageReadMode): Image {
  if (mode === "unchanged") return img;
  const want = CHANNELS[mode];
  if (want === undefined) throw new RangeError(`ImageReadMode: unknown mode ${mode}; use unchanged, gray, grayAlpha, rgb or rgba`);
  if (want === img.channels) return img;
  const n = img.height * img.width;
  const out = new Uint8Array(n * want);
  const src = img.data;
  const c = img.channels;
  const colorIn = c >= 3;
  const alphaIn = c === 2 || c === 4;
  for (let p = 0; p < n; p++) {
    const o = p * c;
    const [r, g, b] = colorIn ? [src[o]!, src[o + 1]!, src[o + 2]!] : [src[o]!, src[o]!, src[o]!];
    const a = alphaIn ? src[o + c - 1]! : 255;
    const d = p * want;
    if (want <= 2) {
      out[d] = colorIn ? (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16 : r;
    } else {
      out[d] = r;
      out[d + 1] = g;
      out[d + 2] = b;
    }
    if (want === 2 || want === 4) out[d + want - 1] = a;
  }
  return new Image({ data: out, height: img.height, width: img.width, channels: want });
}
