/**
 * A batch of CIFAR images as the model expects it: what torchvision's
 * `Compose([ToTensor(), Normalize(mean, std)])` gives per image, stacked.
 * Built straight from the dataset's HWC bytes, since per-image transforms
 * would cost more than the forward pass of a small network.
 */
import * as torch from "@taimatsu/core";
import type { Normalization } from "./eval-weights.js";

const SIZE = 32 * 32;

/**
 * Images `start` to `end` (exclusive) of `data` (N x 32 x 32 x 3, uint8) as
 * a float32 tensor (B, 3, 32, 32). Rounded to float32 after every step, as
 * PyTorch computes x / 255, then (x - mean) / std, in float32.
 */
export function normalizedBatch(data: Uint8Array, start: number, end: number, norm: Normalization): torch.Tensor {
  const count = end - start;
  const out = new Float32Array(count * 3 * SIZE);
  const mean = norm.mean.map(Math.fround);
  const std = norm.std.map(Math.fround);
  for (let b = 0; b < count; b++) {
    const src = (start + b) * 3 * SIZE;
    for (let c = 0; c < 3; c++) {
      const dst = (b * 3 + c) * SIZE;
      for (let p = 0; p < SIZE; p++) {
        const x = Math.fround(data[src + p * 3 + c]! / 255);
        out[dst + p] = Math.fround(x - mean[c]!) / std[c]!;
      }
    }
  }
  return torch.tensor(out, { shape: [count, 3, 32, 32] });
}
