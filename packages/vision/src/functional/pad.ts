import { applyRaster, type ImageInput } from "../raster.js";
import { padIndex, remapRowsCols, type PaddingMode } from "./coordinate-map.js";

/** Padding: all sides; [left/right, top/bottom]; or [left, top, right, bottom]. */
export type Padding = number | readonly [number] | readonly [number, number] | readonly [number, number, number, number];

export function toLTRB(padding: Padding): [number, number, number, number] {
  if (typeof padding === "number") return [padding, padding, padding, padding];
  if (padding.length === 1) return [padding[0], padding[0], padding[0], padding[0]];
  if (padding.length === 2) return [padding[0], padding[1], padding[0], padding[1]];
  if (padding.length === 4) return [...padding] as [number, number, number, number];
  throw new RangeError(`pad: padding must be a number or have 1, 2 or 4 elements, got ${(padding as number[]).length}`);
}

/**
 * torchvision's `pad`. Modes: constant (with `fill`, a number or one per
 * channel), edge, reflect, symmetric. Negative padding crops, as for tensors
 * in torchvision.
 */
export function pad<I extends ImageInput>(img: I, padding: Padding, fill: number | readonly number[] = 0, paddingMode: PaddingMode = "constant"): I {
  const [l, t, r, b] = toLTRB(padding);
  if (![l, t, r, b].every(Number.isInteger)) throw new TypeError(`pad: padding must be integers, got ${JSON.stringify(padding)}`);
  if (!["constant", "edge", "reflect", "symmetric"].includes(paddingMode)) {
    throw new RangeError(`pad: padding mode should be either constant, edge, reflect or symmetric, got ${paddingMode}`);
  }
  return applyRaster("pad", img, (ras) => {
    if (paddingMode === "reflect" && (Math.max(l, r) >= ras.w || Math.max(t, b) >= ras.h)) {
      throw new RangeError(`pad: reflect padding must be smaller than the image (padding ${[l, t, r, b]} for ${ras.h}x${ras.w})`);
    }
    const rows = Int32Array.from({ length: ras.h + t + b }, (_, y) => padIndex(y - t, ras.h, paddingMode));
    const cols = Int32Array.from({ length: ras.w + l + r }, (_, x) => padIndex(x - l, ras.w, paddingMode));
    return remapRowsCols(ras, rows, cols, typeof fill === "number" ? [fill] : fill);
  });
}

/**
 * `crop(pad(img, padding, fill, mode), top, left, height, width)` in one
 * pass, without building the padded image (RandomCrop with padding does this
 * for every sample). `top`/`left` are in padded coordinates.
 */
export function padThenCrop<I extends ImageInput>(
  img: I,
  padding: Padding,
  fill: number | readonly number[],
  paddingMode: PaddingMode,
  box: { top: number; left: number; height: number; width: number },
): I {
  const [l, t] = toLTRB(padding);
  return applyRaster("pad", img, (ras) => {
    const rows = Int32Array.from({ length: box.height }, (_, y) => padIndex(box.top + y - t, ras.h, paddingMode));
    const cols = Int32Array.from({ length: box.width }, (_, x) => padIndex(box.left + x - l, ras.w, paddingMode));
    return remapRowsCols(ras, rows, cols, typeof fill === "number" ? [fill] : fill);
  });
}
