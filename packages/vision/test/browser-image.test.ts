import { describe, expect, it } from "vitest";
import * as io from "../src/io/index.js";

// Two RGBA pixels, as a canvas's getImageData returns them.
const pixels = { width: 2, height: 1, data: Uint8ClampedArray.from([10, 20, 30, 255, 200, 100, 50, 128]) };

describe("images a browser decoded", () => {
  it("RGBA pixels become an RGB image by default, planar in the tensor", () => {
    const img = io.imageFromPixels(pixels);
    expect([img.height, img.width, img.channels]).toEqual([1, 2, 3]);
    expect([...img.data]).toEqual([10, 20, 30, 200, 100, 50]);
  });

  it("keeps alpha with mode rgba and computes PIL's luma with mode gray", () => {
    expect([...io.imageFromPixels(pixels, { mode: "rgba" }).data]).toEqual([10, 20, 30, 255, 200, 100, 50, 128]);
    // L = (299 R + 587 G + 114 B) / 1000: 18.15 -> 18 and 124.3 -> 124
    expect([...io.imageFromPixels(pixels, { mode: "gray" }).data]).toEqual([18, 124]);
  });

  it("refuses pixels whose size does not match", () => {
    expect(() => io.imageFromPixels({ width: 3, height: 1, data: new Uint8ClampedArray(8) })).toThrow(/3x1 RGBA pixels need 12 bytes, got 8/);
  });

  it("outside a browser, the canvas-based functions name the Node.js way", async () => {
    expect(() => io.fromImageBitmap({ width: 1, height: 1 })).toThrow(/OffscreenCanvas.*decodeImage/);
    await expect(io.decodeImageAsync(new Uint8Array(4))).rejects.toThrow(/createImageBitmap.*decodeImage/);
  });
});
