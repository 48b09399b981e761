import { applyRaster, imageSize, type ImageInput } from "../raster.js";
import { remapRowsCols, window } from "./coordinate-map.js";
import { pad } from "./pad.js";
import { roundHalfEven } from "./round-half-even.js";

/**
 * torchvision's `crop`: the box at (top, left) of height x width. Parts of
 * the box outside the image are filled with 0, as torchvision does.
 */
export function crop<I extends ImageInput>(img: I, top: number, left: number, height: number, width: number): I {
  return applyRaster("crop", img, (r) => remapRowsCols(r, window(top, height, r.h), window(left, width, r.w)));
}

/** A size argument: one number for a square, or [height, width]. */
export type Size2 = number | readonly [number] | readonly [number, number];

export function toHeightWidth(op: string, size: Size2): [number, number] {
  const hw = typeof size === "number" ? [size, size] : size.length === 1 ? [size[0], size[0]] : [size[0], size[1]];
  if (!hw.every((v) => Number.isInteger(v) && v! > 0)) throw new RangeError(`${op}: size must be positive integers, got ${JSON.stringify(size)}`);
  return hw as [number, number];
}

/**
 * torchvision's `center_crop`. An image smaller than the crop is first
 * padded with zeros (more on the right/bottom when odd), as torchvision does.
 */
export function centerCrop<I extends ImageInput>(img: I, outputSize: Size2): I {
  const [ch, cw] = toHeightWidth("centerCrop", outputSize);
  let [h, w] = imageSize("centerCrop", img);
  if (ch > h || cw > w) {
    const l = cw > w ? Math.floor((cw - w) / 2) : 0;
    const t = ch > h ? Math.floor((ch - h) / 2) : 0;
    const r = cw > w ? Math.floor((cw - w + 1) / 2) : 0;
    const b = ch > h ? Math.floor((ch - h + 1) / 2) : 0;
    img = pad(img, [l, t, r, b]);
    [h, w] = imageSize("centerCrop", img);
    if (ch === h && cw === w) return img;
  }
  return crop(img, roundHalfEven((h - ch) / 2), roundHalfEven((w - cw) / 2), ch, cw);
}
