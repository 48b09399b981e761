import * as torch from "@taimatsu/core";
import { isImage, type ImageLike } from "../image.js";
import { fromTensor, toTensor } from "../raster.js";
import { planarFromTable, toTensor as imageToTensor } from "./to-tensor.js";

/**
 * torchvision's `normalize`: (x - mean[c]) / std[c] per channel of a float
 * tensor image (..., C, H, W), computed in the tensor's dtype like
 * torchvision's `sub_` then `div_`.
 */
export function normalize(tensor: torch.Tensor, mean: readonly number[], std: readonly number[], inplace = false): torch.Tensor {
  if (!(tensor instanceof torch.Tensor)) throw new TypeError(`normalize: img should be Tensor Image. Got ${typeof tensor}`);
  if (!torch.isFloatingPoint(tensor.dtype)) throw new TypeError(`normalize: Input tensor should be a float tensor. Got ${tensor.dtype}.`);
  if (tensor.ndim < 3) throw new RangeError(`normalize: Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = [${tensor.shape.join(", ")}]`);
  const r = fromTensor("normalize", tensor);
  // float32 rounding after each step (and of mean/std), as PyTorch computes in the tensor's dtype
  const round = tensor.dtype === "float64" ? (v: number) => v : Math.fround;
  const m = perChannel("mean", mean, r.c, round);
  const s = perChannel("std", std, r.c, round);
  if (s.some((v) => v === 0)) throw new RangeError(`normalize: std evaluated to zero after conversion to ${tensor.dtype}, leading to division by zero.`);
  const plane = r.h * r.w;
  const out = r.data;
  // A float32 array rounds each stored quotient; doing the division in double
  // first gives the same float32 result (double has more than 2 x 24 + 2 bits).
  for (let base = 0, ch = 0; base < out.length; base += plane, ch = (ch + 1) % r.c) {
    const mean = m[ch]!;
    const sd = s[ch]!;
    for (let i = base; i < base + plane; i++) out[i] = round(out[i]! - mean) / sd;
  }
  const result = toTensor(r);
  if (!inplace) return result;
  tensor.copy_(result);
  return tensor;
}

function perChannel(name: string, values: readonly number[], c: number, round: (v: number) => number): Float64Array {
  if (values.length !== 1 && values.length !== c) throw new RangeError(`normalize: ${name} has ${values.length} values for ${c} channels`);
  return Float64Array.from({ length: c }, (_, i) => round(values.length === 1 ? values[0]! : values[i]!));
}

/**
 * `toTensor` then `normalize` of a uint8 image, bit for bit, in one pass: a
 * byte has 256 values, so each channel's results are computed once into a
 * table, with the same float32 roundings (x = b / 255, then (x - mean) / std),
 * and each element of the image is one lookup. Compose takes this path for a
 * ToTensor directly followed by Normalize.
 */
export function toNormalizedTensor(img: ImageLike, mean: readonly number[], std: readonly number[]): torch.Tensor {
  if (!isImage(img)) return normalize(imageToTensor(img), mean, std);
  const c = img.channels;
  const m = perChannel("mean", mean, c, Math.fround);
  const s = perChannel("std", std, c, Math.fround);
  if (s.some((v) => v === 0)) throw new RangeError("normalize: std evaluated to zero after conversion to float32, leading to division by zero.");
  const table = new Float32Array(256 * c);
  for (let ch = 0; ch < c; ch++)
    for (let b = 0; b < 256; b++) table[ch * 256 + b] = Math.fround(Math.fround(b / 255) - m[ch]!) / s[ch]!;
  return planarFromTable(img, table, 256);
}
