/**
 * CIFAR-10 end to end on the shared copy of the binary archive
 * (../shared/datasets beside the repository), served from a loopback HTTP
 * server so the real download, checksum and extraction code runs. Skipped,
 * with a message, when the shared copy is absent.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as torch from "@taimatsu/core";
import { transforms as T } from "@taimatsu/vision";
import { CIFAR10 } from "../src/index.js";
import { ChecksumError } from "../src/download/index.js";
import { serve, type LoopbackServer } from "./helpers/loopback-server.js";
import { CIFAR10_ARCHIVE, CIFAR10_COPY_MD5 } from "./helpers/shared-data.js";

/** fixtures/cifar10-truth.json, written by fixtures/generate_cifar10_truth.py from the raw records. */
interface CifarTruth {
  train: { index: number; label: number; pixel_5_7: number[]; plane_sums: number[] }[];
  test: CifarTruth["train"];
  train_counts: number[];
  test_counts: number[];
}

const archive = fileURLToPath(CIFAR10_ARCHIVE);
const present = existsSync(archive);
if (!present) console.warn(`cifar10.test.ts: skipped, ${archive} is absent`);

describe.skipIf(!present)("CIFAR10 from the binary archive", () => {
  let server: LoopbackServer;
  const tmp = mkdtempSync(join(tmpdir(), "taimatsu-cifar-"));
  const root = join(tmp, "data");
  const quiet = { progress: false as const, mirrorOnly: true };

  beforeAll(async () => {
    server = await serve({ "cifar-10-binary.tar.gz": { body: { file: archive } } });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("checks the official MD5 by default and removes a mismatch", async () => {
    const other = join(tmp, "official");
    const err = await CIFAR10.create({ root: other, download: true, mirror: server.url, ...quiet }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChecksumError);
    expect((err as Error).message).toContain(`expected c32a1d4ab5d03f1284b67883e8d87530, actual ${CIFAR10_COPY_MD5}`);
    expect(existsSync(join(other, "cifar-10-binary.tar.gz"))).toBe(false);
  });

  it("downloads, verifies and extracts, then loads train and test sets", async () => {
    const train = await CIFAR10.create({ root, download: true, mirror: server.url, md5: CIFAR10_COPY_MD5, ...quiet });
    expect(train.length).toBe(50_000);
    expect(train.classes).toEqual(["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]);
    expect(train.data.length).toBe(50_000 * 32 * 32 * 3);
    const [img, label] = train.get(0);
    expect([img.height, img.width, img.channels]).toEqual([32, 32, 3]);
    expect(label).toBeGreaterThanOrEqual(0);
    expect(label).toBeLessThan(10);
    const test = new CIFAR10({ root, train: false });
    expect(test.length).toBe(10_000);
    const counts = new Array(10).fill(0);
    for (const t of test.targets) counts[t]++;
    expect(counts).toEqual(new Array(10).fill(1000));
    const hits = server.hits.get("cifar-10-binary.tar.gz");
    await CIFAR10.create({ root, download: true, mirror: server.url, md5: CIFAR10_COPY_MD5, ...quiet });
    expect(server.hits.get("cifar-10-binary.tar.gz")).toBe(hits);
  }, 300_000); // hashes and unpacks 170 MB: minutes when other test processes share two cores

  it("reads every record's label and pixels, deep into the training split (checked against Python's reading of the raw records)", () => {
    const truth = JSON.parse(readFileSync(new URL("./fixtures/cifar10-truth.json", import.meta.url), "utf8")) as CifarTruth;
    for (const [split, facts, counts] of [[true, truth.train, truth.train_counts], [false, truth.test, truth.test_counts]] as const) {
      const ds = new CIFAR10({ root, train: split });
      const perClass = new Array(10).fill(0);
      for (const t of ds.targets) perClass[t]++;
      expect(perClass).toEqual(counts);
      expect(perClass).toEqual(new Array(10).fill(split ? 5000 : 1000));
      for (const f of facts) {
        const [img, label] = ds.get(f.index);
        expect(label, `label of ${split ? "train" : "test"} image ${f.index}`).toBe(f.label);
        const at = (5 * 32 + 7) * 3;
        expect(Array.from(img.data.subarray(at, at + 3))).toEqual(f.pixel_5_7);
        const sums = [0, 0, 0];
        img.data.forEach((v, k) => (sums[k % 3]! += v));
        expect(sums, `pixels of image ${f.index}`).toEqual(f.plane_sums);
      }
    }
  });

  it("applies transforms and feeds a DataLoader with 2 workers, reproducibly", async () => {
    const transform = new T.Compose([new T.RandomCrop(32, { padding: 4 }), new T.RandomHorizontalFlip(), new T.ToTensor(), new T.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5])]);
    const test = new CIFAR10({ root, train: false, transform });
    const [x] = test.get(3);
    expect((x as torch.Tensor).shape).toEqual([3, 32, 32]);
    const take = async (seed: number) => {
      const loader = new torch.utils.data.DataLoader(new torch.utils.data.Subset(test, [...Array(40).keys()]), { batchSize: 4, shuffle: true, numWorkers: 2, seed });
      const out: number[][] = [];
      for await (const [inputs, labels] of loader as AsyncIterable<[torch.Tensor, torch.Tensor]>) {
        expect(inputs.shape).toEqual([4, 3, 32, 32]);
        expect(labels.dtype).toBe("int64");
        out.push([...labels.toArray(), ...inputs.toArray().slice(0, 8)]);
      }
      return out;
    };
    const a = await take(1);
    expect(a).toHaveLength(10);
    expect(await take(1)).toEqual(a);
  });

  it("says how to download when the data is missing, and names a truncated batch file", () => {
    expect(() => new CIFAR10({ root: join(tmp, "nothing"), download: true })).toThrow(/await CIFAR10\.create\(\{ root: .*download: true \}\)/);
    const broken = join(tmp, "broken", "cifar-10-batches-bin");
    mkdirSync(broken, { recursive: true });
    copyFileSync(join(root, "cifar-10-batches-bin", "test_batch.bin"), join(broken, "test_batch.bin"));
    copyFileSync(join(root, "cifar-10-batches-bin", "batches.meta.txt"), join(broken, "batches.meta.txt"));
    truncateSync(join(broken, "test_batch.bin"), 3073 * 100 + 17);
    expect(() => new CIFAR10({ root: join(tmp, "broken"), train: false })).toThrow(/test_batch\.bin is truncated or corrupt \(307317 bytes, expected 30730000/);
  });
});
