import { blankLike, imageCount, strides, type Raster } from "../raster.js";

/**
 * Crops, pads, flips and nearest-neighbour resizing all move whole rows and
 * columns: output row y comes from input row `rows[y]`, output column x from
 * input column `cols[x]`, and -1 means "use the fill value". One kernel does
 * them all, in either layout.
 */
export function remapRowsCols(r: Raster, rows: Int32Array, cols: Int32Array, fill: readonly number[] = [0]): Raster {
  const out = blankLike(r, rows.length, cols.length);
  const s = strides(r);
  const d = strides(out);
  const fills = Array.from({ length: r.c }, (_, ch) => (fill.length === 1 ? fill[0]! : fill[ch]!));
  // pixel-major order: each output pixel's channels are written together, which
  // keeps reads and writes close for interleaved (HWC) images
  for (let n = 0; n < imageCount(r); n++) {
    for (let y = 0; y < rows.length; y++) {
      const sy = rows[y]!;
      const srcRow = n * s.plane + sy * s.sy;
      const dstRow = n * d.plane + y * d.sy;
      for (let x = 0; x < cols.length; x++) {
        const sx = cols[x]!;
        const dst = dstRow + x * d.sx;
        if (sy < 0 || sx < 0) {
          for (let ch = 0; ch < r.c; ch++) out.data[dst + ch * d.sc] = fills[ch]!;
        } else {
          const src = srcRow + sx * s.sx;
          for (let ch = 0; ch < r.c; ch++) out.data[dst + ch * d.sc] = r.data[src + ch * s.sc]!;
        }
      }
    }
  }
  return out;
}

/** Input coordinates start, start+1, ... for `length` outputs; outside [0, size) is -1 (fill). */
export function window(start: number, length: number, size: number): Int32Array {
  return Int32Array.from({ length }, (_, i) => (start + i >= 0 && start + i < size ? start + i : -1));
}

export type PaddingMode = "constant" | "edge" | "reflect" | "symmetric";

/**
 * Where output position `i` (counted from the input's first pixel, so
 * negative before it) reads from, for each padding mode:
 * edge repeats the border pixel; reflect mirrors without repeating it
 * (d c b | a b c d | c b a); symmetric mirrors with it (b a | a b c d | d c).
 */
export function padIndex(i: number, size: number, mode: PaddingMode): number {
  if (i >= 0 && i < size) return i;
  switch (mode) {
    case "constant": return -1;
    case "edge": return i < 0 ? 0 : size - 1;
    case "reflect": {
      if (size === 1) return 0;
      const period = 2 * (size - 1);
      const k = ((i % period) + period) % period;
      return k < size ? k : period - k;
    }
    case "symmetric": {
      const period = 2 * size;
      const k = ((i % period) + period) % period;
      return k < size ? k : period - 1 - k;
    }
  }
}
