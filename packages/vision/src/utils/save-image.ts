import type * as torch from "@taimatsu/core";
import { writePng } from "../io/files.js";
import { fromTensor, toTensor } from "../raster.js";
import { makeGrid, type MakeGridOptions } from "./make-grid.js";

/**
 * torchvision's `save_image`: makes a grid of the images (values in [0, 1])
 * and writes it as PNG. Pixels are round(255 x) clamped to [0, 255]
 * (torchvision's `mul(255).add_(0.5).clamp_(0, 255)` then truncation).
 */
export function saveImage(tensor: torch.Tensor | readonly torch.Tensor[], path: string, options: MakeGridOptions & { compressionLevel?: number } = {}): void {
  if (!/\.png$/i.test(path)) throw new RangeError(`saveImage: only PNG files can be written (got ${path}); use a .png name`);
  const grid = fromTensor("saveImage", makeGrid(tensor, options));
  const bytes = new Uint8Array(grid.data.length);
  const single = grid.dtype !== "float64";
  const round = single ? Math.fround : (v: number) => v;
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.trunc(Math.min(Math.max(round(round(grid.data[i]! * 255) + 0.5), 0), 255));
  writePng(toTensor({ ...grid, dtype: "uint8", data: bytes }), path, { compressionLevel: options.compressionLevel ?? 6 });
}
