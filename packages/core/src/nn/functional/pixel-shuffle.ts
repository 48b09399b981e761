import { ShapeError } from "../../errors.js";
import { shapeToString } from "../../shape.js";
import type { Tensor } from "../../tensor.js";

/**
 * `F.pixelShuffle` / `F.pixelUnshuffle`: moving r×r blocks between the
 * channel dim and the spatial dims, as a reshape, a permute and a reshape
 * over any leading batch dims.
 */

function checkFactor(op: string, name: string, r: number): void {
  if (!Number.isInteger(r) || r <= 0) throw new RangeError(`${op}: ${op === "pixelShuffle" ? "pixel_shuffle" : "pixel_unshuffle"} expects a positive ${name}, but got ${r}`);
}

function checkRank(op: string, input: Tensor): void {
  if (input.ndim < 3) {
    throw new ShapeError(`${op}: ${op === "pixelShuffle" ? "pixel_shuffle" : "pixel_unshuffle"} expects input to have at least 3 dimensions, but got input with ${input.ndim} dimension(s)`);
  }
}

/** [*, C·r², H, W] → [*, C, H·r, W·r] (PyTorch's `F.pixel_shuffle`). */
export function pixelShuffle(input: Tensor, upscaleFactor: number): Tensor {
  checkFactor("pixelShuffle", "upscale_factor", upscaleFactor);
  checkRank("pixelShuffle", input);
  const r = upscaleFactor;
  const batch = input.shape.slice(0, -3);
  const [c, h, w] = input.shape.slice(-3) as [number, number, number];
  if (c % (r * r) !== 0) {
    throw new ShapeError(`pixelShuffle: pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=${c} is not divisible by ${r * r} (input ${shapeToString(input.shape)})`);
  }
  const b = batch.length;
  const perm = [...batch.keys(), b, b + 3, b + 1, b + 4, b + 2];
  return input.reshape([...batch, c / (r * r), r, r, h, w]).permute(perm).reshape([...batch, c / (r * r), h * r, w * r]);
}

/** [*, C, H·r, W·r] → [*, C·r², H, W] (PyTorch's `F.pixel_unshuffle`). */
export function pixelUnshuffle(input: Tensor, downscaleFactor: number): Tensor {
  checkFactor("pixelUnshuffle", "downscale_factor", downscaleFactor);
  checkRank("pixelUnshuffle", input);
  const r = downscaleFactor;
  const batch = input.shape.slice(0, -3);
  const [c, h, w] = input.shape.slice(-3) as [number, number, number];
  if (h % r !== 0) throw new ShapeError(`pixelUnshuffle: pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)=${h} is not divisible by ${r}`);
  if (w % r !== 0) throw new ShapeError(`pixelUnshuffle: pixel_unshuffle expects width to be divisible by downscale_factor, but input.size(-1)=${w} is not divisible by ${r}`);
  const b = batch.length;
  const perm = [...batch.keys(), b, b + 2, b + 4, b + 1, b + 3];
  return input.reshape([...batch, c, h / r, r, w / r, r]).permute(perm).reshape([...batch, c * r * r, h / r, w / r]);
}
