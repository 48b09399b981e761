import * as torch from "@taimatsu/core";
import { fromTensor, strides, toTensor, imageCount } from "../raster.js";

/**
 * torchvision's `erase`: sets the box at (i, j) of size h x w to `v` (a
 * number, one per channel, or a tensor broadcastable to (C, h, w)).
 */
export function erase(img: torch.Tensor, i: number, j: number, h: number, w: number, v: number | readonly number[] | torch.Tensor, inplace = false): torch.Tensor {
  if (!(img instanceof torch.Tensor)) throw new TypeError(`erase: img should be Tensor Image. Got ${typeof img}`);
  const r = fromTensor("erase", img);
  const values = v instanceof torch.Tensor ? v.expand(r.c, h, w).contiguous().toArray() : null;
  const perChannel = typeof v === "number" ? [v] : Array.isArray(v) ? v : null;
  const s = strides(r);
  for (let n = 0; n < imageCount(r); n++) {
    for (let ch = 0; ch < r.c; ch++) {
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const value = values ? values[(ch * h + y) * w + x]! : perChannel!.length === 1 ? perChannel![0]! : perChannel![ch]!;
          r.data[n * s.plane + ch * s.sc + (i + y) * s.sy + (j + x) * s.sx] = value;
        }
      }
    }
  }
  const out = toTensor(r, img.ndim === 2);
  if (!inplace) return out;
  img.copy_(out);
  return img;
}
