/**
 * Each dataset class on files written here in the dataset's official layout,
 * with labels and pixels given by formulas, so every value read back has an
 * independent expected value. Labels come from a hash of the record's
 * position, so reading the wrong record, batch or byte changes them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as torch from "@taimatsu/core";
import { io, transforms as T } from "@taimatsu/vision";
import { CIFAR10, CIFAR100, FashionMNIST, ImageFolder, MNIST } from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "taimatsu-layouts-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A well-mixed hash of a record number and a salt. */
function hash(n: number, salt: number): number {
  let h = Math.imul(n + 1, 0x9e3779b1) ^ Math.imul(salt + 7, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return (h ^ (h >>> 13)) >>> 0;
}

/** The pixel byte of record n, channel c, position p (row-major) in the test's formula. */
const pixel = (n: number, c: number, p: number) => (n * 31 + c * 101 + p * 7 + (p >> 5)) & 255;

/** Records whose pixels are written out (the others stay zero, to keep the files fast to make). */
const sampled = (n: number, perFile: number) => n % 997 === 0 || n % perFile === 0 || n % perFile === perFile - 1 || n % perFile === 1;

/** One CIFAR binary file: records `first`..`first + count - 1`, each label bytes then R, G, B planes. */
function cifarFile(first: number, count: number, labels: (n: number) => number[]): Buffer {
  const size = labels(0).length + 3072;
  const out = Buffer.alloc(count * size);
  for (let r = 0; r < count; r++) {
    const n = first + r;
    const ls = labels(n);
    ls.forEach((l, k) => (out[r * size + k] = l));
    if (!sampled(n, count)) continue;
    const base = r * size + ls.length;
    for (let c = 0; c < 3; c++) for (let p = 0; p < 1024; p++) out[base + c * 1024 + p] = pixel(n, c, p);
  }
  return out;
}

/** Checks an image against the formula: HWC bytes, pixel (y, x) channel c at (y * 32 + x) * 3 + c. */
function expectCifarImage(data: Uint8Array, n: number): void {
  expect(data.length).toBe(3072);
  let wrong = 0;
  for (let p = 0; p < 1024; p++) for (let c = 0; c < 3; c++) if (data[p * 3 + c] !== pixel(n, c, p)) wrong++;
  expect(wrong, `pixels of record ${n} that differ from the formula`).toBe(0);
}

function classCounts(labels: number[], classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const l of labels) counts[l]!++;
  return counts;
}

describe("CIFAR10 in the official layout (cifar-10-batches-bin/data_batch_1..5.bin, test_batch.bin)", () => {
  const root = join(tmp, "cifar10");
  const folder = join(root, "cifar-10-batches-bin");
  const label10 = (split: number) => (n: number) => [hash(n, split) % 10];
  mkdirSync(folder, { recursive: true });
  for (let k = 0; k < 5; k++) writeFileSync(join(folder, `data_batch_${k + 1}.bin`), cifarFile(k * 10_000, 10_000, label10(0)));
  writeFileSync(join(folder, "test_batch.bin"), cifarFile(0, 10_000, label10(1)));
  const names = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];
  writeFileSync(join(folder, "batches.meta.txt"), `${names.join("\n")}\n\n`);

  it("reads every label of the five training batches in order, and the pixels of sampled records", () => {
    const ds = new CIFAR10({ root });
    expect(ds.length).toBe(50_000);
    expect(ds.classes).toEqual(names);
    const want = Array.from({ length: 50_000 }, (_, n) => hash(n, 0) % 10);
    expect(ds.targets).toEqual(want);
    expect(classCounts(ds.targets, 10)).toEqual(classCounts(want, 10));
    for (const n of [0, 1, 9_999, 10_000, 10_001, 19_970, 29_999, 39_880, 40_000, 49_850, 49_998, 49_999]) {
      const [img, label] = ds.get(n);
      expect(label, `label of record ${n}`).toBe(want[n]);
      if (sampled(n, 10_000)) expectCifarImage(img.data, n);
    }
    expectCifarImage(ds.image(-1).data, 49_999);
  });

  it("reads the test batch, and hands its images to a transform as HWC bytes", () => {
    const ds = new CIFAR10({ root, train: false, transform: new T.PILToTensor() });
    expect(ds.length).toBe(10_000);
    expect(ds.targets).toEqual(Array.from({ length: 10_000 }, (_, n) => hash(n, 1) % 10));
    const [x] = ds.get(9_999);
    expect(x.shape).toEqual([3, 32, 32]);
    // CHW: channel c, row y, column x is pixel(n, c, y * 32 + x)
    expect(x.toArray().slice(1024, 1024 + 5)).toEqual([0, 1, 2, 3, 4].map((p) => pixel(9_999, 1, p)));
  });
});

describe("CIFAR100 in the official layout (cifar-100-binary/train.bin, test.bin: coarse then fine label)", () => {
  const root = join(tmp, "cifar100");
  const folder = join(root, "cifar-100-binary");
  const labels = (split: number) => (n: number) => [hash(n, 10 + split) % 20, hash(n, 20 + split) % 100];
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, "train.bin"), cifarFile(0, 50_000, labels(0)));
  writeFileSync(join(folder, "test.bin"), cifarFile(0, 10_000, labels(1)));
  const fine = Array.from({ length: 100 }, (_, k) => `fine${k}`);
  const coarse = Array.from({ length: 20 }, (_, k) => `coarse${k}`);
  writeFileSync(join(folder, "fine_label_names.txt"), fine.join("\n"));
  writeFileSync(join(folder, "coarse_label_names.txt"), coarse.join("\n"));

  for (const [train, count, split] of [[true, 50_000, 0], [false, 10_000, 1]] as const) {
    it(`reads the fine labels as targets, the coarse ones as coarseTargets, and the pixels after both label bytes (${train ? "train" : "test"})`, () => {
      const ds = new CIFAR100({ root, train });
      expect(ds.length).toBe(count);
      expect(ds.classes).toEqual(fine);
      expect(ds.coarseClasses).toEqual(coarse);
      expect(ds.targets).toEqual(Array.from({ length: count }, (_, n) => labels(split)(n)[1]));
      expect(ds.coarseTargets).toEqual(Array.from({ length: count }, (_, n) => labels(split)(n)[0]));
      for (const n of [0, 1, 997, count - 2, count - 1]) {
        const [img, label] = ds.get(n);
        expect(label).toBe(labels(split)(n)[1]);
        if (sampled(n, count)) expectCifarImage(img.data, n);
      }
    });
  }
});

/** An IDX file of unsigned bytes: 0, 0, 0x08, ndim, big-endian dims, values. */
function idx(dims: number[], value: (i: number) => number): Buffer {
  const count = dims.reduce((a, b) => a * b, 1);
  const out = Buffer.alloc(4 + 4 * dims.length + count);
  out[2] = 0x08;
  out[3] = dims.length;
  dims.forEach((d, k) => out.writeUInt32BE(d, 4 + 4 * k));
  for (let i = 0; i < count; i++) out[4 + 4 * dims.length + i] = value(i);
  return out;
}

describe("MNIST and FashionMNIST in torchvision's layout (<root>/<Name>/raw/*-ubyte)", () => {
  const cases = [[MNIST, "MNIST", "4 - four"], [FashionMNIST, "FashionMNIST", "Coat"]] as const;
  for (const [Cls, name, class4] of cases) {
    it(`${name}: every label and every pixel of both splits`, () => {
      const root = join(tmp, `idx-${name}`);
      const raw = join(root, name, "raw");
      mkdirSync(raw, { recursive: true });
      const [h, w] = [28, 28];
      const img = (split: number) => (i: number) => hash(i, 30 + split) & 255;
      for (const [prefix, n, split] of [["train", 23, 0], ["t10k", 9, 1]] as const) {
        writeFileSync(join(raw, `${prefix}-images-idx3-ubyte`), idx([n, h, w], img(split)));
        writeFileSync(join(raw, `${prefix}-labels-idx1-ubyte`), idx([n], (i) => hash(i, 40 + split) % 10));
      }
      for (const [train, n, split] of [[true, 23, 0], [false, 9, 1]] as const) {
        const ds = new Cls({ root, train });
        expect(ds.length).toBe(n);
        expect(ds.classes[4]).toBe(class4);
        expect(ds.targets).toEqual(Array.from({ length: n }, (_, i) => hash(i, 40 + split) % 10));
        for (let i = 0; i < n; i++) {
          const [im, label] = ds.get(i);
          expect([im.height, im.width, im.channels]).toEqual([h, w, 1]);
          expect(label).toBe(hash(i, 40 + split) % 10);
          expect(Array.from(im.data)).toEqual(Array.from({ length: h * w }, (_, p) => img(split)(i * h * w + p)));
        }
      }
    });
  }

  it("rejects an images file whose count differs from the labels file", () => {
    const root = join(tmp, "idx-mismatch");
    const raw = join(root, "MNIST", "raw");
    mkdirSync(raw, { recursive: true });
    writeFileSync(join(raw, "train-images-idx3-ubyte"), idx([3, 28, 28], () => 1));
    writeFileSync(join(raw, "train-labels-idx1-ubyte"), idx([4], () => 1));
    expect(() => new MNIST({ root })).toThrow(/do not match \(dimensions 3x28x28 and 4\)/);
  });
});

describe("ImageFolder in torchvision's layout (<root>/<class>/**/<image>)", () => {
  it("sorts classes and files, labels by folder, and decodes each image's exact pixels", () => {
    const root = join(tmp, "folder");
    // files created out of order: torchvision sorts classes and walks each folder sorted
    const layout: [string, string, number][] = [["zebra", "b.png", 1], ["ant", "x/2.png", 2], ["ant", "1.png", 3], ["zebra", "a.png", 4], ["ant", "x/1.png", 5], ["moth", "0.png", 6]];
    for (const [cls, file, seed] of layout) {
      mkdirSync(join(root, cls, "x"), { recursive: true });
      const pixels = Uint8Array.from({ length: 3 * 4 * 5 }, (_, k) => hash(k, seed) & 255);
      io.writePng(torch.tensor(pixels, { shape: [3, 4, 5], dtype: "uint8" }), join(root, cls, file));
    }
    writeFileSync(join(root, "ant", "readme.md"), "not an image");
    const ds = new ImageFolder(root);
    expect(ds.classes).toEqual(["ant", "moth", "zebra"]);
    const order = [["ant", "1.png", 3], ["ant", "x/1.png", 5], ["ant", "x/2.png", 2], ["moth", "0.png", 6], ["zebra", "a.png", 4], ["zebra", "b.png", 1]] as const;
    expect(ds.samples.map(([p, t]) => [p.slice(root.length + 1), t])).toEqual(order.map(([c, f]) => [join(c, f), ds.classToIdx[c]]));
    order.forEach(([cls, , seed], i) => {
      const [img, label] = ds.get(i);
      expect(label).toBe(ds.classToIdx[cls]);
      expect([img.height, img.width, img.channels]).toEqual([4, 5, 3]);
      // HWC from the CHW pixels written
      const want = Array.from({ length: 60 }, (_, k) => hash((k % 3) * 20 + Math.floor(k / 3), seed) & 255);
      expect(Array.from(img.data)).toEqual(want);
    });
  });
});
