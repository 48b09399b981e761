import { applyRaster, type ImageInput } from "../raster.js";
import { remapRowsCols } from "./coordinate-map.js";

const identity = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
const reversed = (n: number) => Int32Array.from({ length: n }, (_, i) => n - 1 - i);

/** torchvision's `hflip`: mirror left-right. */
export function hflip<I extends ImageInput>(img: I): I {
  return applyRaster("hflip", img, (r) => remapRowsCols(r, identity(r.h), reversed(r.w)));
}

/** torchvision's `vflip`: mirror top-bottom. */
export function vflip<I extends ImageInput>(img: I): I {
  return applyRaster("vflip", img, (r) => remapRowsCols(r, reversed(r.h), identity(r.w)));
}
