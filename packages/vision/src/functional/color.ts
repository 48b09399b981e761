import { applyRaster, blankLike, imageCount, isFloatDType, strides, type ImageInput, type Raster } from "../raster.js";

/**
 * Colour adjustments with torchvision's tensor formulas (used for `Image`
 * inputs too, in place of PIL's ImageEnhance). Integer images are computed in
 * float32 and truncated back, as torchvision does.
 */

const f32 = Math.fround;

/** Per-pixel access to one image's channels. */
function pixelOffsets(r: Raster, n: number): { base: number; sc: number; at: (p: number) => number } {
  const s = strides(r);
  const base = n * s.plane;
  return { base, sc: s.sc, at: (p) => base + Math.floor(p / r.w) * s.sy + (p % r.w) * s.sx };
}

function checkRgb(op: string, r: Raster): void {
  if (r.c !== 1 && r.c !== 3) throw new RangeError(`${op}: Input image tensor permitted channel values are [1, 3], but found ${r.c}`);
}

/** Luma of each pixel (ITU-R 601-2: 0.2989 R + 0.587 G + 0.114 B), truncated for integer images. */
function grayscale(r: Raster, n: number): Float64Array {
  const { sc, at } = pixelOffsets(r, n);
  const out = new Float64Array(r.h * r.w);
  const trunc = !isFloatDType(r.dtype);
  for (let p = 0; p < out.length; p++) {
    const o = at(p);
    if (r.c === 1) {
      out[p] = r.data[o]!;
      continue;
    }
    const v = f32(f32(f32(f32(0.2989 * r.data[o]!) + f32(0.587 * r.data[o + sc]!)) + f32(0.114 * r.data[o + 2 * sc]!)));
    out[p] = trunc ? Math.trunc(v) : v;
  }
  return out;
}

/** torchvision's `_blend`: ratio * img + (1 - ratio) * other, clamped to the dtype's range. */
function blend(r: Raster, ratio: number, other: (n: number, p: number, ch: number) => number): Raster {
  const out = blankLike(r, r.h, r.w);
  const bound = isFloatDType(r.dtype) ? 1 : 255;
  const trunc = !isFloatDType(r.dtype);
  const k = f32(ratio);
  const k1 = f32(1 - ratio);
  for (let n = 0; n < imageCount(r); n++) {
    const { sc, at } = pixelOffsets(r, n);
    for (let p = 0; p < r.h * r.w; p++) {
      for (let ch = 0; ch < r.c; ch++) {
        const o = at(p) + ch * sc;
        const v = Math.min(Math.max(f32(f32(k * r.data[o]!) + f32(k1 * other(n, p, ch))), 0), bound);
        out.data[o] = trunc ? Math.trunc(v) : v;
      }
    }
  }
  return out;
}

function checkFactor(op: string, factor: number): void {
  if (!(factor >= 0)) throw new RangeError(`${op}: factor (${factor}) is not non-negative.`);
}

/** Multiplies the image by `factor` (0 gives black, 1 the original). */
export function adjustBrightness<I extends ImageInput>(img: I, brightnessFactor: number): I {
  checkFactor("adjustBrightness", brightnessFactor);
  return applyRaster("adjustBrightness", img, (r) => blend(r, brightnessFactor, () => 0));
}

/** Blends with the mean grey level (0 gives solid grey, 1 the original). */
export function adjustContrast<I extends ImageInput>(img: I, contrastFactor: number): I {
  checkFactor("adjustContrast", contrastFactor);
  return applyRaster("adjustContrast", img, (r) => {
    checkRgb("adjustContrast", r);
    const means = Array.from({ length: imageCount(r) }, (_, n) => {
      const g = grayscale(r, n);
      let sum = 0;
      for (const v of g) sum += v;
      return f32(sum / g.length);
    });
    return blend(r, contrastFactor, (n) => means[n]!);
  });
}

/** Blends with the greyscale image (0 gives grey, 1 the original). */
export function adjustSaturation<I extends ImageInput>(img: I, saturationFactor: number): I {
  checkFactor("adjustSaturation", saturationFactor);
  return applyRaster("adjustSaturation", img, (r) => {
    checkRgb("adjustSaturation", r);
    if (r.c === 1) return r;
    const grays = Array.from({ length: imageCount(r) }, (_, n) => grayscale(r, n));
    return blend(r, saturationFactor, (n, p) => grays[n]![p]!);
  });
}

/** Rotates the hue by `hueFactor` turns, in [-0.5, 0.5], through HSV. */
export function adjustHue<I extends ImageInput>(img: I, hueFactor: number): I {
  if (!(hueFactor >= -0.5 && hueFactor <= 0.5)) throw new RangeError(`adjustHue: hue_factor (${hueFactor}) is not in [-0.5, 0.5].`);
  return applyRaster("adjustHue", img, (r) => {
    checkRgb("adjustHue", r);
    if (r.c === 1) return r;
    const out = blankLike(r, r.h, r.w);
    const scale = isFloatDType(r.dtype) ? 1 : 255;
    for (let n = 0; n < imageCount(r); n++) {
      const { sc, at } = pixelOffsets(r, n);
      for (let p = 0; p < r.h * r.w; p++) {
        const o = at(p);
        const [h, s, v] = rgbToHsv(f32(r.data[o]! / scale), f32(r.data[o + sc]! / scale), f32(r.data[o + 2 * sc]! / scale));
        const shifted = (((h + hueFactor) % 1) + 1) % 1;
        const rgb = hsvToRgb(shifted, s, v);
        for (let ch = 0; ch < 3; ch++) out.data[o + ch * sc] = scale === 1 ? rgb[ch]! : Math.trunc(f32(rgb[ch]! * 255));
      }
    }
    return out;
  });
}

/** torchvision's `_rgb2hsv` for one pixel. */
function rgbToHsv(r: number, g: number, b: number): [number, number, number] {
  const maxc = Math.max(r, g, b);
  const minc = Math.min(r, g, b);
  const cr = maxc - minc;
  const eq = maxc === minc;
  const s = f32(cr / (eq ? 1 : maxc));
  const d = eq ? 1 : cr;
  const rc = f32((maxc - r) / d);
  const gc = f32((maxc - g) / d);
  const bc = f32((maxc - b) / d);
  let h: number;
  if (maxc === r) h = bc - gc;
  else if (maxc === g) h = 2 + rc - bc;
  else h = 4 + gc - rc;
  h = f32(f32(f32(h) / 6 + 1) % 1);
  return [h, s, maxc];
}

/** torchvision's `_hsv2rgb` for one pixel. */
function hsvToRgb(h: number, s: number, v: number): [number, number, number] {
  const h6 = f32(h * 6);
  const i = Math.floor(h6);
  const f = f32(h6 - i);
  const clamp = (x: number) => Math.min(Math.max(f32(x), 0), 1);
  const p = clamp(v * f32(1 - s));
  const q = clamp(v * f32(1 - f32(s * f)));
  const t = clamp(v * f32(1 - f32(s * f32(1 - f))));
  switch (((i % 6) + 6) % 6) {
    case 0: return [v, t, p];
    case 1: return [q, v, p];
    case 2: return [p, v, t];
    case 3: return [p, q, v];
    case 4: return [t, p, v];
    default: return [v, p, q];
  }
}
