/**
 * Every random transform must reach every value of its range, the ends
 * included, and nothing outside it. The inputs encode each pixel's position
 * in its value, so the output itself says where a crop or an erased box was.
 */
import { describe, expect, it } from "vitest";
import * as torch from "@taimatsu/core";
import { Image } from "../src/image.js";
import * as T from "../src/transforms/index.js";

const DRAWS = 3000;

/** 1 x h x w float tensor whose pixel (r, c) holds r * w + c + 1 (0 is left for the fill). */
function positions(h: number, w: number): torch.Tensor {
  return torch.arange(1, h * w + 1, 1, { dtype: "float32" }).reshape(1, h, w);
}

/** The crop's top-left corner in padded coordinates, from any cell that shows an image pixel. */
function cornerOf(out: number[], outW: number, imgW: number, padTop: number, padLeft: number): string {
  const k = out.findIndex((v) => v > 0);
  expect(k, "the crop shows at least one image pixel").toBeGreaterThanOrEqual(0);
  const v = out[k]! - 1;
  const [r, c] = [Math.floor(k / outW), k % outW];
  const [ir, ic] = [Math.floor(v / imgW), v % imgW];
  return `${ir + padTop - r},${ic + padLeft - c}`;
}

function grid(rows: number, cols: number): string[] {
  return Array.from({ length: rows * cols }, (_, k) => `${Math.floor(k / cols)},${k % cols}`).sort();
}

describe("RandomCrop reaches every offset", () => {
  it("without padding: tops 0..h-th and lefts 0..w-tw, each one", () => {
    const [h, w, th, tw] = [7, 9, 3, 4];
    const t = new T.RandomCrop<torch.Tensor>([th, tw], { generator: new torch.Generator(3) });
    const seen = new Set<string>();
    for (let n = 0; n < DRAWS; n++) seen.add(cornerOf(t.call(positions(h, w)).toArray(), tw, w, 0, 0));
    expect([...seen].sort()).toEqual(grid(h - th + 1, w - tw + 1));
  });

  it("with padding (pad and crop in one pass, CIFAR's RandomCrop(32, { padding: 4 }) path)", () => {
    const [h, w, th, tw, p] = [4, 5, 4, 5, 2];
    const t = new T.RandomCrop<torch.Tensor>([th, tw], { padding: p, generator: new torch.Generator(4) });
    const seen = new Set<string>();
    for (let n = 0; n < DRAWS; n++) seen.add(cornerOf(t.call(positions(h, w)).toArray(), tw, w, p, p));
    expect([...seen].sort()).toEqual(grid(2 * p + 1, 2 * p + 1));
  });

  it("on an Image (HWC bytes) with uneven padding", () => {
    const [h, w, th, tw] = [3, 4, 3, 4];
    const img = new Image({ data: Uint8Array.from({ length: h * w }, (_, k) => k + 1), height: h, width: w, channels: 1 });
    const t = new T.RandomCrop<Image>([th, tw], { padding: [1, 2, 3, 0], generator: new torch.Generator(5) });
    const seen = new Set<string>();
    for (let n = 0; n < DRAWS; n++) seen.add(cornerOf(Array.from(t.call(img).data), tw, w, 2, 1));
    // padded to (3 + 2 + 0) x (4 + 1 + 3): tops 0..2, lefts 0..4
    expect([...seen].sort()).toEqual(grid(3, 5));
  });
});

describe("RandomResizedCrop and RandomErasing reach every offset", () => {
  it("RandomResizedCrop: a fixed box size reaches tops and lefts 0..size-box", () => {
    const g = new torch.Generator(6);
    const seen = new Set<string>();
    for (let n = 0; n < DRAWS; n++) {
      const [i, j, bh, bw] = T.RandomResizedCrop.getParams(positions(12, 16), [0.25, 0.25], [1, 1], { generator: g });
      expect([bh, bw]).toEqual([7, 7]); // sqrt(0.25 * 192) = 6.93 rounds to 7
      seen.add(`${i},${j}`);
    }
    expect([...seen].sort()).toEqual(grid(12 - 7 + 1, 16 - 7 + 1));
  });

  it("RandomResizedCrop's boxes stay inside the image and within scale and ratio", () => {
    const g = new torch.Generator(7);
    const [H, W] = [30, 40];
    for (let n = 0; n < DRAWS; n++) {
      const [i, j, h, w] = T.RandomResizedCrop.getParams(positions(H, W), [0.08, 1], [3 / 4, 4 / 3], { generator: g });
      expect(i >= 0 && j >= 0 && h > 0 && w > 0 && i + h <= H && j + w <= W).toBe(true);
    }
  });

  it("RandomErasing erases a box at every offset, seen in the output", () => {
    const [h, w] = [8, 10];
    const t = new T.RandomErasing({ p: 1, scale: [0.2, 0.2], ratio: [1, 1], value: 0, generator: new torch.Generator(8) });
    const seen = new Set<string>();
    for (let n = 0; n < DRAWS; n++) {
      const out = t.call(torch.ones([1, h, w])).toArray();
      const first = out.indexOf(0);
      const last = out.lastIndexOf(0);
      // sqrt(0.2 * 80) = 4: a 4 x 4 box
      expect(Math.floor(last / w) - Math.floor(first / w)).toBe(3);
      expect((last % w) - (first % w)).toBe(3);
      expect(out.filter((v) => v === 0)).toHaveLength(16);
      seen.add(`${Math.floor(first / w)},${first % w}`);
    }
    expect([...seen].sort()).toEqual(grid(h - 4 + 1, w - 4 + 1));
  });
});

describe("the other random parameters cover their ranges", () => {
  it("RandomRotation draws angles over the whole interval and no further", () => {
    const g = new torch.Generator(9);
    const angles = Array.from({ length: DRAWS }, () => T.RandomRotation.getParams([-10, 30], { generator: g }));
    expect(Math.min(...angles)).toBeGreaterThanOrEqual(-10);
    expect(Math.max(...angles)).toBeLessThanOrEqual(30);
    expect(Math.min(...angles)).toBeLessThan(-9.8);
    expect(Math.max(...angles)).toBeGreaterThan(29.8);
  });

  it("ColorJitter draws each factor over its range and every adjustment in every position", () => {
    const g = new torch.Generator(10);
    const t = new T.ColorJitter({ brightness: 0.4, contrast: [0.5, 0.9], saturation: 0.2, hue: 0.1 });
    const draws = Array.from({ length: DRAWS }, () => T.ColorJitter.getParams(t.brightness, t.contrast, t.saturation, t.hue, { generator: g }));
    const ranges: [number, number, number][] = [[1, 0.6, 1.4], [2, 0.5, 0.9], [3, 0.8, 1.2], [4, -0.1, 0.1]];
    for (const [k, lo, hi] of ranges) {
      const values = draws.map((d) => d[k] as number);
      const span = hi - lo;
      expect(Math.min(...values)).toBeGreaterThanOrEqual(lo);
      expect(Math.max(...values)).toBeLessThanOrEqual(hi);
      expect(Math.min(...values)).toBeLessThan(lo + span * 0.01);
      expect(Math.max(...values)).toBeGreaterThan(hi - span * 0.01);
    }
    for (let pos = 0; pos < 4; pos++) expect(new Set(draws.map((d) => d[0][pos])).size).toBe(4);
    for (const d of draws) expect([...d[0]].sort()).toEqual([0, 1, 2, 3]);
  });

  it("both flips happen at both outcomes, about p of the time", () => {
    const img = positions(2, 3);
    for (const Flip of [T.RandomHorizontalFlip, T.RandomVerticalFlip]) {
      const flip = new Flip({ p: 0.3, generator: new torch.Generator(11) });
      const flipped = Array.from({ length: DRAWS }, () => flip.call(img) !== img).filter(Boolean).length;
      expect(flipped).toBeGreaterThan(DRAWS * 0.25);
      expect(flipped).toBeLessThan(DRAWS * 0.35);
    }
  });
});
