import * as torch from "@taimatsu/core";
import { fromTensor, toTensor, type Raster } from "../raster.js";

export interface MakeGridOptions {
  /** Images per row (default 8). */
  nrow?: number;
  /** Pixels between images and around the grid (default 2). */
  padding?: number;
  /** Shift to [0, 1] by min/max (or by `valueRange`). */
  normalize?: boolean;
  /** [min, max] used by `normalize` instead of the data's own. */
  valueRange?: readonly [number, number];
  /** Normalize each image by its own min/max. */
  scaleEach?: boolean;
  /** Value of the padding (default 0). */
  padValue?: number;
}

/** The images as one (N, C, H, W) raster, grey turned to 3 channels as torchvision does. */
function gather(input: torch.Tensor | readonly torch.Tensor[]): Raster {
  const list = input instanceof torch.Tensor ? [input] : [...input];
  if (list.length === 0) throw new RangeError("makeGrid: got an empty list of images");
  const parts = list.map((t) => {
    if (!(t instanceof torch.Tensor)) throw new TypeError(`makeGrid: tensor or list of tensors expected, got ${typeof t}`);
    return fromTensor("makeGrid", t);
  });
  const first = parts[0]!;
  if (parts.some((p) => p.c !== first.c || p.h !== first.h || p.w !== first.w || p.dtype !== first.dtype)) {
    throw new RangeError("makeGrid: all images must have the same shape and dtype");
  }
  const count = input instanceof torch.Tensor ? (first.batch.length ? first.batch.reduce((a, b) => a * b, 1) : 1) : parts.length;
  const grey = first.c === 1;
  const c = grey ? 3 : first.c;
  const plane = first.h * first.w;
  const data = first.dtype === "float64" ? new Float64Array(count * c * plane) : first.dtype === "uint8" ? new Uint8Array(count * c * plane) : new Float32Array(count * c * plane);
  let k = 0;
  for (const p of parts) {
    const n = p.data.length / (first.c * plane);
    for (let i = 0; i < n; i++, k++) {
      for (let ch = 0; ch < c; ch++) data.set(p.data.subarray((i * first.c + (grey ? 0 : ch)) * plane, (i * first.c + (grey ? 0 : ch) + 1) * plane), (k * c + ch) * plane);
    }
  }
  return { data, dtype: first.dtype, batch: [count], c, h: first.h, w: first.w, layout: "chw" };
}

/** torchvision's `norm_ip`: clamp to [low, high], then map to [0, 1], in the tensor's precision. */
function normalizeRange(data: Raster["data"], from: number, to: number, range: readonly [number, number] | undefined, single: boolean): void {
  const round = single ? Math.fround : (v: number) => v;
  let [low, high] = range ?? [Infinity, -Infinity];
  if (!range) {
    for (let i = from; i < to; i++) {
      low = Math.min(low, data[i]!);
      high = Math.max(high, data[i]!);
    }
  }
  const scale = round(Math.max(high - low, 1e-5));
  for (let i = from; i < to; i++) data[i] = round(round(Math.min(Math.max(data[i]!, low), high) - round(low)) / scale);
}

/**
 * torchvision's `make_grid`: a batch (N, C, H, W), a single image, or a list
 * of images, laid out `nrow` per row with `padding` between them.
 */
export function makeGrid(tensor: torch.Tensor | readonly torch.Tensor[], options: MakeGridOptions = {}): torch.Tensor {
  const { nrow = 8, padding = 2, normalize = false, valueRange, scaleEach = false, padValue = 0 } = options;
  const r = gather(tensor);
  const n = r.batch[0]!;
  if (normalize) {
    const single = r.dtype !== "float64";
    const per = r.c * r.h * r.w;
    if (scaleEach) for (let k = 0; k < n; k++) normalizeRange(r.data, k * per, (k + 1) * per, valueRange, single);
    else normalizeRange(r.data, 0, r.data.length, valueRange, single);
  }
  if (n === 1) return toTensor({ ...r, batch: [] });
  const xmaps = Math.min(nrow, n);
  const ymaps = Math.ceil(n / xmaps);
  const height = r.h + padding;
  const width = r.w + padding;
  const gh = height * ymaps + padding;
  const gw = width * xmaps + padding;
  const grid = r.data instanceof Float64Array ? new Float64Array(r.c * gh * gw) : r.data instanceof Uint8Array ? new Uint8Array(r.c * gh * gw) : new Float32Array(r.c * gh * gw);
  grid.fill(padValue);
  for (let k = 0; k < n; k++) {
    const top = Math.floor(k / xmaps) * height + padding;
    const left = (k % xmaps) * width + padding;
    for (let ch = 0; ch < r.c; ch++) {
      for (let y = 0; y < r.h; y++) {
        const src = ((k * r.c + ch) * r.h + y) * r.w;
        grid.set(r.data.subarray(src, src + r.w), (ch * gh + top + y) * gw + left);
      }
    }
  }
  return toTensor({ ...r, data: grid, batch: [], h: gh, w: gw });
}
