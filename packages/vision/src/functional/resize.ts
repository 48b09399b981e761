import { applyRaster, blankLike, imageCount, imageSize, isFloatDType, strides, type ImageInput, type Raster } from "../raster.js";
import { remapRowsCols } from "./coordinate-map.js";
import { crop } from "./crop.js";
import { roundHalfEven } from "./round-half-even.js";
import { checkInterpolation, type InterpolationMode } from "./interpolation.js";

export interface ResizeOptions {
  interpolation?: InterpolationMode;
  /** Upper bound for the longer edge when `size` is one number. */
  maxSize?: number;
  /**
   * Only `false` (or undefined) is supported: like torchvision 0.14's tensor
   * path, downscaling does not low-pass filter first. This applies to `Image`
   * inputs too, where torchvision would use PIL's antialiased resampling.
   */
  antialias?: boolean;
}

/**
 * Output size for torchvision's `resize`: [h, w] as given, or one number for
 * the shorter edge with the longer one scaled to keep the aspect ratio
 * (truncated, as torchvision 0.14 does), capped by `maxSize`.
 */
export function resizedSize(h: number, w: number, size: number | readonly number[], maxSize?: number): [number, number] {
  const single = typeof size === "number" ? size : size.length === 1 ? size[0]! : undefined;
  if (single === undefined) {
    if (maxSize !== undefined) throw new RangeError(`resize: maxSize should only be passed if size specifies the length of the smaller edge, i.e. size should be an int or a sequence of length 1 (got ${JSON.stringify(size)})`);
    return [(size as number[])[0]!, (size as number[])[1]!];
  }
  const [short, long] = w <= h ? [w, h] : [h, w];
  let newShort = single;
  let newLong = Math.trunc((single * long) / short);
  if (maxSize !== undefined) {
    if (maxSize <= single) throw new RangeError(`resize: maxSize = ${maxSize} must be strictly greater than the requested size for the smaller edge size = ${single}`);
    if (newLong > maxSize) [newShort, newLong] = [Math.trunc((maxSize * newShort) / newLong), maxSize];
  }
  return w <= h ? [newLong, newShort] : [newShort, newLong];
}

/**
 * torchvision's `resize` on tensors (antialias off): PyTorch's
 * `interpolate(..., align_corners=False)`. Integer images are interpolated in
 * float and rounded half to even, as torchvision does.
 */
export function resize<I extends ImageInput>(img: I, size: number | readonly number[], options: ResizeOptions = {}): I {
  const mode = checkInterpolation("resize", options.interpolation ?? "bilinear");
  if (options.antialias) throw new RangeError("resize: antialias=true is not supported; torchvision 0.14's tensor default (false) is what this implements");
  const [h, w] = imageSize("resize", img);
  const single = typeof size === "number" || size.length === 1;
  const [oh, ow] = resizedSize(h, w, size, options.maxSize);
  if (single && oh === h && ow === w) return img;
  return applyRaster("resize", img, (r) => (mode === "nearest" ? resizeNearest(r, oh, ow) : resizeBilinear(r, oh, ow)));
}

/** torchvision's `resized_crop`: crop, then resize to `size`. */
export function resizedCrop<I extends ImageInput>(img: I, top: number, left: number, height: number, width: number, size: readonly [number, number], interpolation: InterpolationMode = "bilinear"): I {
  return resize(crop(img, top, left, height, width), size, { interpolation });
}

/** PyTorch's "nearest": source = floor(dst * in / out), in float32. */
function nearestIndices(inSize: number, outSize: number): Int32Array {
  const scale = Math.fround(inSize / outSize);
  return Int32Array.from({ length: outSize }, (_, i) => (inSize === outSize ? i : Math.min(Math.floor(Math.fround(i * scale)), inSize - 1)));
}

function resizeNearest(r: Raster, oh: number, ow: number): Raster {
  return remapRowsCols(r, nearestIndices(r.h, oh), nearestIndices(r.w, ow));
}

/** Source pixels and weights along one axis (align_corners=False), in float32 like PyTorch's CPU kernel. */
function linearTaps(inSize: number, outSize: number): { i0: Int32Array; i1: Int32Array; w1: Float64Array } {
  const scale = Math.fround(inSize / outSize);
  const i0 = new Int32Array(outSize);
  const i1 = new Int32Array(outSize);
  const w1 = new Float64Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const src = Math.max(Math.fround(Math.fround(scale * (o + 0.5)) - 0.5), 0);
    const lo = Math.floor(src);
    i0[o] = lo;
    i1[o] = lo < inSize - 1 ? lo + 1 : lo;
    w1[o] = Math.fround(src - lo);
  }
  return { i0, i1, w1 };
}

function resizeBilinear(r: Raster, oh: number, ow: number): Raster {
  const out = blankLike(r, oh, ow);
  const ys = linearTaps(r.h, oh);
  const xs = linearTaps(r.w, ow);
  const s = strides(r);
  const d = strides(out);
  const round = !isFloatDType(r.dtype);
  for (let n = 0; n < imageCount(r); n++) {
    for (let ch = 0; ch < r.c; ch++) {
      const src = n * s.plane + ch * s.sc;
      const dst = n * d.plane + ch * d.sc;
      for (let y = 0; y < oh; y++) {
        const wy = ys.w1[y]!;
        const row0 = src + ys.i0[y]! * s.sy;
        const row1 = src + ys.i1[y]! * s.sy;
        for (let x = 0; x < ow; x++) {
          const wx = xs.w1[x]!;
          const c0 = xs.i0[x]! * s.sx;
          const c1 = xs.i1[x]! * s.sx;
          const top = (1 - wx) * r.data[row0 + c0]! + wx * r.data[row0 + c1]!;
          const bottom = (1 - wx) * r.data[row1 + c0]! + wx * r.data[row1 + c1]!;
          const v = (1 - wy) * top + wy * bottom;
          out.data[dst + y * d.sy + x * d.sx] = round ? roundHalfEven(v) : v;
        }
      }
    }
  }
  return out;
}
