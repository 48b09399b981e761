import * as torch from "@taimatsu/core";
import { allocate, fromTensor, toTensor } from "../raster.js";

/** Largest value of an integer image dtype (torchvision's `_max_value`). */
function maxValue(dtype: torch.DType): number {
  switch (dtype) {
    case "uint8": return 255;
    case "int32": return 2147483647;
    case "int64": return 9223372036854775807;
    case "bool": return 1;
    default: return 1;
  }
}

/**
 * torchvision's `convert_image_dtype`: changes the dtype and rescales values
 * to the new dtype's range (float images live in [0, 1], integer images in
 * [0, max]). Float to integer multiplies by (max + 1 - 0.001) and truncates.
 */
export function convertImageDtype(image: torch.Tensor, dtype: torch.DType = "float32"): torch.Tensor {
  if (!(image instanceof torch.Tensor)) throw new TypeError("convertImageDtype: Input img should be Tensor Image");
  if (image.dtype === dtype) return image;
  const fromFloat = torch.isFloatingPoint(image.dtype);
  const toFloat = torch.isFloatingPoint(dtype);
  if (fromFloat && toFloat) return image.to(dtype);
  if (fromFloat) {
    if ((image.dtype === "float32" && (dtype === "int32" || dtype === "int64")) || (image.dtype === "float64" && dtype === "int64")) {
      throw new TypeError(`convertImageDtype: The cast from ${image.dtype} to ${dtype} cannot be performed safely.`);
    }
    const scale = Math.fround(maxValue(dtype) + 1 - 1e-3);
    return mapValues(image, dtype, (v) => Math.trunc(Math.fround(v * scale)));
  }
  const inMax = maxValue(image.dtype);
  if (toFloat) return mapValues(image, dtype, (v) => v / inMax);
  const outMax = maxValue(dtype);
  // integer to integer: scale by the ratio of the ranges, as bit shifts would
  const factor = (outMax + 1) / (inMax + 1);
  return mapValues(image, dtype, (v) => (factor >= 1 ? v * factor : Math.floor(v * factor)));
}

function mapValues(image: torch.Tensor, dtype: torch.DType, f: (v: number) => number): torch.Tensor {
  const r = fromTensor("convertImageDtype", image);
  const out = allocate(dtype, r.data.length);
  for (let i = 0; i < out.length; i++) out[i] = f(r.data[i]!);
  return toTensor({ ...r, dtype, data: out }, image.ndim === 2);
}
