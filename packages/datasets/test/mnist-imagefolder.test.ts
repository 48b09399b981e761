import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as torch from "@taimatsu/core";
import { io, transforms as T } from "@taimatsu/vision";
import { FashionMNIST, ImageFolder, MNIST } from "../src/index.js";
import { serve, type LoopbackServer } from "./helpers/loopback-server.js";

/** An IDX file of unsigned bytes with the given dimensions. */
function idx(dims: number[], values: (i: number) => number): Uint8Array {
  const count = dims.reduce((a, b) => a * b, 1);
  const out = Buffer.alloc(4 + 4 * dims.length + count);
  out[2] = 0x08;
  out[3] = dims.length;
  dims.forEach((d, k) => out.writeUInt32BE(d, 4 + 4 * k));
  for (let i = 0; i < count; i++) out[4 + 4 * dims.length + i] = values(i);
  return new Uint8Array(out);
}

const tmp = mkdtempSync(join(tmpdir(), "taimatsu-mnist-"));
let server: LoopbackServer;
const files = {
  "train-images-idx3-ubyte.gz": idx([6, 28, 28], (i) => i % 256),
  "train-labels-idx1-ubyte.gz": idx([6], (i) => i),
  "t10k-images-idx3-ubyte.gz": idx([2, 28, 28], () => 7),
  "t10k-labels-idx1-ubyte.gz": idx([2], () => 9),
};

beforeAll(async () => {
  server = await serve(Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, { body: new Uint8Array(gzipSync(bytes)) }])));
});
afterAll(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe("MNIST and FashionMNIST", () => {
  it("download the idx.gz files, decompress them and serve [image, label]", async () => {
    const opts = { root: tmp, download: true, mirror: server.url, mirrorOnly: true, md5: null, progress: false as const };
    const train = await MNIST.create(opts);
    expect(train.length).toBe(6);
    const [img, label] = train.get(5);
    expect([img.height, img.width, img.channels, label]).toEqual([28, 28, 1, 5]);
    expect(img.data[1]).toBe((5 * 784 + 1) % 256);
    const test = await MNIST.create({ ...opts, train: false, transform: new T.ToTensor() });
    const [x, y] = test.get(1);
    expect(x.shape).toEqual([1, 28, 28]);
    expect(y).toBe(9);
    expect(test.classes[9]).toBe("9 - nine");
    const fashion = await FashionMNIST.create(opts);
    expect(fashion.classes[9]).toBe("Ankle boot");
    expect(() => new MNIST({ root: join(tmp, "none") })).toThrow(/MNIST: dataset not found .*MNIST\.create/);
  });
});

describe("ImageFolder", () => {
  it("finds classes, decodes PNG files, and works in DataLoader workers", async () => {
    const root = join(tmp, "folder");
    for (const [cls, count] of [["cat", 3], ["dog", 2]] as const) {
      mkdirSync(join(root, cls, "nested"), { recursive: true });
      for (let i = 0; i < count; i++) {
        const img = torch.full([3, 5, 4], cls === "cat" ? 10 * i : 200, { dtype: "uint8" });
        io.writePng(img, join(root, cls, i === 0 ? "nested" : "", `${i}.PNG`));
      }
    }
    writeFileSync(join(root, "cat", "notes.txt"), "ignored");
    const ds = new ImageFolder(root, { transform: new T.PILToTensor() });
    expect(ds.classes).toEqual(["cat", "dog"]);
    expect(ds.classToIdx).toEqual({ cat: 0, dog: 1 });
    expect(ds.length).toBe(5);
    expect(ds.targets).toEqual([0, 0, 0, 1, 1]);
    const [x, y] = ds.get(1);
    expect(x.shape).toEqual([3, 5, 4]);
    expect(y).toBe(0);
    const batches: torch.Tensor[][] = [];
    for await (const b of new torch.utils.data.DataLoader(ds, { batchSize: 2, numWorkers: 2 })) batches.push(b as torch.Tensor[]);
    expect(batches.map(([, t]) => t!.toArray())).toEqual([[0, 0], [0, 1], [1]]);
    mkdirSync(join(root, "empty"));
    expect(() => new ImageFolder(root)).toThrow(/Found no valid file for the classes empty/);
  });
});
