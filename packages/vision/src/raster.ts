import * as torch from "@taimatsu/core";
import { Image, isImage, type ImageLike } from "./image.js";

/**
 * The pixels every transform works on, whichever form they came in: a tensor
 * (..., C, H, W) read to host memory, or an `Image` (H, W, C interleaved).
 * Kernels address pixels through `index`, so one implementation serves both
 * layouts, and the result goes back to the form the input had.
 */
export type Pixels = Float32Array | Float64Array | Uint8Array | Int32Array;

export interface Raster {
  data: Pixels;
  dtype: torch.DType;
  /** Leading dimensions of a tensor batch (empty for one image). */
  batch: number[];
  c: number;
  h: number;
  w: number;
  layout: "chw" | "hwc";
}

export function imageCount(r: Raster): number {
  return r.batch.reduce((a, b) => a * b, 1);
}

/** Strides of one image's channel, row and column in `r.data`. */
export function strides(r: Pick<Raster, "c" | "h" | "w" | "layout">): { sc: number; sy: number; sx: number; plane: number } {
  const plane = r.c * r.h * r.w;
  return r.layout === "chw" ? { sc: r.h * r.w, sy: r.w, sx: 1, plane } : { sc: 1, sy: r.w * r.c, sx: r.c, plane };
}

/** A new raster like `r` with another size (and optionally dtype), zero-filled. */
export function blankLike(r: Raster, h: number, w: number, dtype: torch.DType = r.dtype): Raster {
  const n = imageCount(r) * r.c * h * w;
  return { ...r, h, w, dtype, data: allocate(dtype, n) };
}

export function allocate(dtype: torch.DType, n: number): Pixels {
  switch (dtype) {
    case "uint8": case "bool": return new Uint8Array(n);
    case "int32": return new Int32Array(n);
    case "float32": return new Float32Array(n);
    default: return new Float64Array(n);
  }
}

export function isFloatDType(dtype: torch.DType): boolean {
  return torch.isFloatingPoint(dtype);
}

/** Host data of a tensor in a form kernels can read (int64 and half types widened). */
function tensorPixels(t: torch.Tensor): { data: Pixels; dtype: torch.DType } {
  if (t.dtype === "int64") return { data: Float64Array.from(t.dataSync() as BigInt64Array, Number), dtype: "int64" };
  if (t.dtype === "float16" || t.dtype === "bfloat16") return { data: t.to("float32").dataSync() as Float32Array, dtype: t.dtype };
  return { data: t.dataSync() as Pixels, dtype: t.dtype };
}

export function fromTensor(op: string, t: torch.Tensor): Raster {
  if (t.ndim < 2) throw new RangeError(`${op}: expected a tensor image of shape (..., C, H, W) or (H, W), got shape [${t.shape.join(", ")}]`);
  const shape = t.ndim === 2 ? [1, ...t.shape] : [...t.shape];
  const [c, h, w] = shape.slice(-3) as [number, number, number];
  return { ...tensorPixels(t), batch: shape.slice(0, -3), c, h, w, layout: "chw" };
}

export function fromImage(img: ImageLike): Raster {
  return { data: img.data, dtype: "uint8", batch: [], c: img.channels, h: img.height, w: img.width, layout: "hwc" };
}

export function toTensor(r: Raster, like2d = false): torch.Tensor {
  const shape = like2d ? [r.h, r.w] : [...r.batch, r.c, r.h, r.w];
  if (r.dtype === "int64") return torch.tensor(BigInt64Array.from(r.data as Float64Array, (v) => BigInt(Math.trunc(v))), { shape });
  if (r.dtype === "float16" || r.dtype === "bfloat16") return torch.tensor(Float32Array.from(r.data), { shape }).to(r.dtype);
  if (r.dtype === "bool") return torch.tensor(r.data as Uint8Array, { shape, dtype: "bool" });
  return torch.tensor(r.data, { shape, dtype: r.dtype });
}

export function toImage(r: Raster): Image {
  if (r.dtype !== "uint8") throw new TypeError(`toImage: Image holds uint8 pixels, got ${r.dtype}`);
  if (r.layout === "hwc") return new Image({ data: r.data as Uint8Array, height: r.h, width: r.w, channels: r.c });
  const out = blankLike({ ...r, layout: "hwc" }, r.h, r.w);
  copyLayout(r, out);
  return new Image({ data: out.data as Uint8Array, height: r.h, width: r.w, channels: r.c });
}

/** Copies pixels between two rasters of the same size, whatever their layouts. */
export function copyLayout(src: Raster, dst: Raster): void {
  const s = strides(src);
  const d = strides(dst);
  for (let n = 0; n < imageCount(src); n++) {
    for (let ch = 0; ch < src.c; ch++) {
      for (let y = 0; y < src.h; y++) {
        for (let x = 0; x < src.w; x++) dst.data[n * d.plane + ch * d.sc + y * d.sy + x * d.sx] = src.data[n * s.plane + ch * s.sc + y * s.sy + x * s.sx]!;
      }
    }
  }
}

/** Input of a transform: an image or a tensor image. */
export type ImageInput = torch.Tensor | ImageLike;

/**
 * Runs a raster kernel on either input form and returns the same form. A 2-D
 * tensor (H, W) stays 2-D.
 */
export function applyRaster<I extends ImageInput>(op: string, input: I, kernel: (r: Raster) => Raster): I {
  if (input instanceof torch.Tensor) {
    const out = kernel(fromTensor(op, input));
    return toTensor(out, input.ndim === 2 && out.c === 1) as I;
  }
  if (isImage(input)) return toImage(kernel(fromImage(input))) as unknown as I;
  throw new TypeError(`${op}: expected a Tensor or an Image ({data, height, width, channels}), got ${describe(input)}`);
}

/** Height and width of either form. */
export function imageSize(op: string, input: ImageInput): [number, number] {
  if (input instanceof torch.Tensor) {
    if (input.ndim < 2) throw new RangeError(`${op}: expected a tensor image of shape (..., C, H, W), got shape [${input.shape.join(", ")}]`);
    return [input.shape[input.ndim - 2]!, input.shape[input.ndim - 1]!];
  }
  if (isImage(input)) return [input.height, input.width];
  throw new TypeError(`${op}: expected a Tensor or an Image, got ${describe(input)}`);
}

export function channelCount(input: ImageInput): number {
  if (input instanceof torch.Tensor) return input.ndim === 2 ? 1 : input.shape[input.ndim - 3]!;
  return input.channels;
}

function describe(x: unknown): string {
  return x === null || typeof x !== "object" ? String(x) : ((x as object).constructor?.name ?? "object");
}
