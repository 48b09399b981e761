import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as torch from "@taimatsu/core";
import * as io from "../src/io/index.js";
import { saveImage } from "../src/utils/save-image.js";

interface Expected {
  height: number;
  width: number;
  channels: number;
  data: number[];
}
const expected = JSON.parse(readFileSync(new URL("./fixtures/images.json", import.meta.url), "utf8")) as Record<string, Expected>;
const imagePath = (name: string) => new URL(`./fixtures/images/${name}`, import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "taimatsu-vision-io-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("PNG decoding", () => {
  for (const name of Object.keys(expected).filter((n) => n.endsWith(".png"))) {
    it(`decodes ${name} like Pillow`, () => {
      const want = expected[name]!;
      const img = io.loadImage(imagePath(name));
      expect([img.height, img.width, img.channels]).toEqual([want.height, want.width, want.channels]);
      expect(Array.from(img.data)).toEqual(want.data);
    });
  }

  it("reads a file as a uint8 CHW tensor, converting modes", () => {
    const t = io.readImage(imagePath("rgb.png"));
    expect(t.shape).toEqual([3, 6, 9]);
    expect(t.dtype).toBe("uint8");
    const want = expected["rgb.png"]!.data;
    expect(t.select(0, 0).select(0, 1).toArray()[2]).toBe(want[(1 * 9 + 2) * 3]);
    const gray = io.readImage(imagePath("rgb.png"), { mode: "gray" });
    expect(gray.shape).toEqual([1, 6, 9]);
    const [r, g, b] = want.slice(0, 3) as [number, number, number];
    expect(gray.toArray()[0]).toBe(Math.floor((r * 19595 + g * 38470 + b * 7471 + 0x8000) / 65536));
    expect(io.readImage(imagePath("gray.png"), { mode: "rgba" }).shape).toEqual([4, 7, 3]);
    expect(io.readImage(imagePath("rgba.png"), { mode: "rgb" }).shape).toEqual([3, 5, 4]);
  });

  it("names what is wrong with a corrupt or truncated file", () => {
    const bytes = io.readFile(imagePath("rgb.png"));
    const flipped = bytes.slice();
    flipped[45] = flipped[45]! ^ 0xff;
    expect(() => io.decodePng(flipped)).toThrow(/CRC mismatch in the IDAT chunk/);
    expect(() => io.decodePng(bytes.subarray(0, 60))).toThrow(/truncated/);
    expect(() => io.decodePng(new Uint8Array([1, 2, 3]))).toThrow(/not a PNG/);
    expect(() => io.loadImage(imagePath("../images.json"))).toThrow(/images\.json is neither PNG nor JPEG/);
  });
});

describe("JPEG decoding", () => {
  it("decodes within a couple of levels of libjpeg", () => {
    const want = expected["photo.jpg"]!;
    const t = io.readImage(imagePath("photo.jpg"));
    expect(t.shape).toEqual([3, want.height, want.width]);
    const hwc = t.permute([1, 2, 0]).contiguous().toArray();
    const worst = Math.max(...hwc.map((v, i) => Math.abs(v - want.data[i]!)));
    expect(worst).toBeLessThanOrEqual(3);
    expect(() => io.decodeJpeg(Uint8Array.from([0xff, 0xd8, 0xff, 0x00]))).toThrow(/decodeJpeg: corrupt/);
  });
});

describe("PNG encoding", () => {
  it("round-trips every channel count through writePng and readImage", () => {
    for (const c of [1, 2, 3, 4]) {
      const data = Uint8Array.from({ length: c * 13 * 17 }, (_, i) => (i * 31 + (i >> 3)) & 0xff);
      const t = torch.tensor(data, { shape: [c, 13, 17] });
      const path = join(dir, `rt${c}.png`);
      io.writePng(t, path, { compressionLevel: c === 1 ? 0 : 9 });
      expect(io.readImage(path).toArray()).toEqual(Array.from(data));
    }
    expect(readdirSync(dir).filter((f) => f.includes(".tmp"))).toEqual([]);
    expect(() => io.encodePng(torch.zeros([3, 2, 2]))).toThrow(/uint8/);
  });

  it("saveImage writes torchvision's pixels for a grid", () => {
    const fx = JSON.parse(readFileSync(new URL("./fixtures/transforms.json", import.meta.url), "utf8"));
    const batch = torch.tensor(Float32Array.from(fx.grid_batch.data), { shape: fx.grid_batch.shape });
    const path = join(dir, "grid.png");
    saveImage(batch, path, { nrow: 2, padding: 1 });
    const img = io.loadImage(path);
    expect([img.height, img.width, img.channels]).toEqual(fx.save_image_pixels.shape);
    expect(Array.from(img.data)).toEqual(fx.save_image_pixels.data);
    expect(() => saveImage(batch, join(dir, "grid.jpg"))).toThrow(/only PNG/);
  });
});
