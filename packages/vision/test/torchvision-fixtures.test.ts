/**
 * Deterministic operations against torchvision 0.14 outputs
 * (fixtures/transforms.json, made by fixtures/generate.py).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as torch from "@taimatsu/core";
import { Image } from "../src/image.js";
import * as F from "../src/functional/index.js";
import { makeGrid } from "../src/utils/make-grid.js";

interface Fixture {
  shape: number[];
  dtype: string;
  data: number[];
}
const fx = JSON.parse(readFileSync(new URL("./fixtures/transforms.json", import.meta.url), "utf8")) as Record<string, Fixture> & {
  input_hwc: number[];
  input_shape: [number, number, number];
};
const [H, W, C] = fx.input_shape;
const image = new Image({ data: Uint8Array.from(fx.input_hwc), height: H, width: W, channels: C });
const u8 = F.pilToTensor(image);
const f32 = F.convertImageDtype(u8, "float32");
const asTensor = (f: Fixture) => torch.tensor(Float32Array.from(f.data), { shape: f.shape }).to(f.dtype as torch.DType);

function expectMatch(actual: torch.Tensor, name: string, tol = 1e-6): void {
  const want = fx[name]!;
  expect(actual.shape, name).toEqual(want.shape);
  expect(actual.dtype, name).toBe(want.dtype);
  const got = actual.toArray();
  let worst = 0;
  got.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - want.data[i]!))));
  expect(worst, `${name}: largest difference`).toBeLessThanOrEqual(tol);
}

describe("conversions", () => {
  it("ToTensor, PILToTensor, ConvertImageDtype, Normalize", () => {
    expectMatch(F.toTensor(image), "to_tensor", 0);
    expectMatch(u8, "pil_to_tensor", 0);
    expectMatch(f32, "convert_to_float", 0);
    expectMatch(F.convertImageDtype(f32.mul(0.9).add(0.05), "uint8"), "convert_to_uint8", 0);
    expectMatch(F.normalize(f32, [0.5, 0.4, 0.3], [0.2, 0.25, 0.3]), "normalize", 0);
  });
});

describe("geometry", () => {
  it("crops, center crops (with padding), flips", () => {
    expectMatch(F.crop(u8, 1, 2, 3, 4), "crop", 0);
    expectMatch(F.crop(u8, -1, -2, 4, 6), "crop_outside", 0);
    expectMatch(F.centerCrop(u8, [3, 4]), "center_crop", 0);
    expectMatch(F.centerCrop(u8, [2, 2]), "center_crop_odd", 0);
    expectMatch(F.centerCrop(u8, [8, 10]), "center_crop_larger", 0);
    expectMatch(F.hflip(u8), "hflip", 0);
    expectMatch(F.vflip(u8), "vflip", 0);
  });

  it("pads in every mode, and crops with negative padding", () => {
    expectMatch(F.pad(u8, [2, 1, 3, 2], 9, "constant"), "pad_constant", 0);
    for (const mode of ["edge", "reflect", "symmetric"] as const) expectMatch(F.pad(u8, [2, 1, 3, 2], 0, mode), `pad_${mode}`, 0);
    expectMatch(F.pad(u8, [-1, 1, 0, -2]), "pad_negative", 0);
  });

  it("resizes tensors like interpolate (antialias off)", () => {
    for (const [name, img] of [["f32", f32], ["u8", u8]] as const) {
      for (const [h, w] of [[3, 4], [8, 11], [5, 7], [2, 13]]) {
        for (const mode of ["bilinear", "nearest"] as const) {
          expectMatch(F.resize(img, [h!, w!], { interpolation: mode }), `resize_${name}_${mode}_${h}x${w}`, name === "u8" ? 0 : 1e-6);
        }
      }
    }
    expectMatch(F.resize(f32, 4), "resize_short_edge");
    expectMatch(F.resize(f32, 4, { maxSize: 5 }), "resize_max_size");
    expectMatch(F.resizedCrop(f32, 1, 1, 3, 4, [6, 6]), "resized_crop");
  });

  it("rotates like affine_grid + grid_sample", () => {
    for (const mode of ["nearest", "bilinear"] as const) {
      expectMatch(F.rotate(f32, 30, { interpolation: mode }), `rotate_${mode}`, 1e-5);
      expectMatch(F.rotate(f32, -50, { interpolation: mode, fill: [0.2, 0.4, 0.6] }), `rotate_${mode}_fill`, 1e-5);
      expectMatch(F.rotate(f32, 75, { interpolation: mode, expand: true }), `rotate_${mode}_expand`, 1e-5);
    }
    expectMatch(F.rotate(f32, 90, { center: [1, 2] }), "rotate_center", 1e-5);
  });

  it("erases a box", () => {
    expectMatch(F.erase(f32, 1, 2, 2, 3, [0.1, 0.2, 0.3]), "erase", 1e-7);
  });
});

describe("colour", () => {
  it("adjusts brightness, contrast, saturation and hue", () => {
    expectMatch(F.adjustBrightness(f32, 1.3), "brightness", 1e-6);
    expectMatch(F.adjustBrightness(u8, 1.3), "brightness_u8", 0);
    expectMatch(F.adjustContrast(f32, 0.6), "contrast", 1e-6);
    expectMatch(F.adjustContrast(u8, 0.6), "contrast_u8", 0);
    expectMatch(F.adjustSaturation(f32, 0.4), "saturation", 1e-6);
    expectMatch(F.adjustHue(f32, 0.2), "hue", 1e-5);
    expectMatch(F.adjustHue(u8, -0.3), "hue_u8", 1);
  });
});

describe("makeGrid", () => {
  const batch = asTensor(fx.grid_batch!);
  it("lays out, pads, normalizes and expands grey", () => {
    expectMatch(makeGrid(batch, { nrow: 2, padding: 1, padValue: 0.5 }), "grid");
    expectMatch(makeGrid(batch, { nrow: 3, padding: 2, normalize: true }), "grid_normalize");
    expectMatch(makeGrid(batch, { nrow: 3, normalize: true, scaleEach: true, valueRange: [0, 0.5] }), "grid_scale_each");
    expectMatch(makeGrid([0, 1, 2].map((k) => batch.select(0, k).narrow(0, 0, 1)), { nrow: 8, padding: 1 }), "grid_grey");
    expectMatch(makeGrid(batch.narrow(0, 0, 1), { normalize: true }), "grid_single");
  });
});

describe("batches", () => {
  // Each image of a batch differs from the others, so a kernel that treats
  // only the first image (or every image as the first) fails here.
  const bf = asTensor(fx.batch_f32!);
  const b5 = asTensor(fx.batch5_f32!);
  const bu = F.convertImageDtype(bf, "float32").mul(255).round().to("uint8");

  it("normalizes a batch and a batch of batches", () => {
    expectMatch(F.normalize(bf, [0.5, 0.4, 0.3], [0.2, 0.25, 0.3]), "batch_normalize", 1e-6);
    expectMatch(F.normalize(b5, [0.1, 0.2, 0.3], [0.9, 0.8, 0.7]), "batch5_normalize", 1e-6);
  });

  it("crops, flips, pads, resizes and rotates every image of a batch", () => {
    expectMatch(F.crop(bu, 1, 2, 3, 4), "batch_crop", 0);
    expectMatch(F.centerCrop(bu, [3, 4]), "batch_center_crop", 0);
    expectMatch(F.hflip(bu), "batch_hflip", 0);
    expectMatch(F.vflip(b5), "batch_vflip", 0);
    expectMatch(F.pad(bu, [2, 1, 3, 2], 0, "reflect"), "batch_pad_reflect", 0);
    expectMatch(F.resize(bf, [8, 11], { interpolation: "bilinear" }), "batch_resize", 1e-6);
    expectMatch(F.rotate(bf, 30, { interpolation: "bilinear" }), "batch_rotate", 1e-5);
    expectMatch(F.erase(bf, 1, 2, 2, 3, [0.1, 0.2, 0.3]), "batch_erase", 1e-7);
  });

  it("adjusts the colour of every image of a batch and converts dtypes", () => {
    expectMatch(F.adjustBrightness(bf, 1.3), "batch_brightness", 1e-6);
    expectMatch(F.adjustContrast(bf, 0.6), "batch_contrast", 1e-6);
    expectMatch(F.adjustSaturation(bf, 0.4), "batch_saturation", 1e-6);
    expectMatch(F.adjustHue(bf, 0.2), "batch_hue", 1e-5);
    expectMatch(F.convertImageDtype(bu, "float32"), "batch_convert_to_float", 0);
  });
});
