/**
 * `create` with `download: true` trusts extracted CIFAR files only when they
 * came from an archive whose checksum was verified, and remembers that in a
 * stamp so the next start does not hash again. A small archive in CIFAR's
 * binary layout stands in for the real one.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CifarDataset, CIFAR10_LAYOUT, type CIFAROptions } from "../src/index.js";
import type { CifarLayout } from "../src/cifar-binary.js";
import { ChecksumError } from "../src/download/index.js";
import { serve, type LoopbackServer } from "./helpers/loopback-server.js";
import { tarGz } from "./helpers/tar-builder.js";

const layout: CifarLayout = {
  ...CIFAR10_LAYOUT,
  name: "TinyCIFAR",
  filename: "tiny-cifar.tar.gz",
  trainFiles: ["data_batch_1.bin"],
  testFiles: ["test_batch.bin"],
  records: { "data_batch_1.bin": 3, "test_batch.bin": 2 },
};
const record = (label: number, fill: number) => [label, ...new Array<number>(3072).fill(fill)];
const train = Uint8Array.from([...record(1, 10), ...record(2, 20), ...record(3, 30)]);
const test = Uint8Array.from([...record(4, 40), ...record(5, 50)]);
const archive = tarGz([
  { path: "cifar-10-batches-bin/", type: "directory" },
  { path: "cifar-10-batches-bin/data_batch_1.bin", data: train },
  { path: "cifar-10-batches-bin/test_batch.bin", data: test },
  { path: "cifar-10-batches-bin/batches.meta.txt", data: "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n" },
]);
const md5 = createHash("md5").update(archive).digest("hex");

/** Exposes the protected download step with the tiny layout. */
class Tiny extends CifarDataset<unknown, unknown> {
  static run(options: CIFAROptions<unknown, unknown>): Promise<void> {
    return CifarDataset.prepare(layout, options);
  }
  protected readClasses() {
    return { classes: [] };
  }
}

let server: LoopbackServer;
const tmp = mkdtempSync(join(tmpdir(), "taimatsu-cifar-verify-"));
beforeAll(async () => {
  server = await serve({ "tiny-cifar.tar.gz": { body: archive } });
});
afterAll(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

function run(root: string, md5Option: string | null = md5) {
  let text = "";
  const output = Object.assign(new Writable({ write: (c, _e, done) => ((text += c), done()) }), { isTTY: false });
  return Tiny.run({ root, download: true, mirror: server.url, mirrorOnly: true, md5: md5Option, output, retryDelayMs: 5 }).then(() => text);
}

describe("CIFAR's download check", () => {
  const root = join(tmp, "data");
  const batch = join(root, "cifar-10-batches-bin", "data_batch_1.bin");

  it("verifies the archive, extracts, and records what it verified", async () => {
    await run(root);
    expect(new Uint8Array(readFileSync(batch))).toEqual(train);
    const stamp = JSON.parse(readFileSync(join(root, "cifar-10-batches-bin", ".taimatsu-verified.json"), "utf8"));
    expect(stamp.archiveMd5).toBe(md5);
    expect(stamp.files["data_batch_1.bin"].md5).toBe(createHash("md5").update(train).digest("hex"));
    expect(stamp.files["test_batch.bin"].size).toBe(test.length);
  });

  it("then starts without downloading or hashing the archive again", async () => {
    const hits = server.hits.get("tiny-cifar.tar.gz");
    rmSync(join(root, "tiny-cifar.tar.gz")); // only the stamp and the extracted files are consulted
    expect(await run(root)).toContain("Files already downloaded and verified");
    expect(server.hits.get("tiny-cifar.tar.gz")).toBe(hits);
  });

  it("does not trust files of the right size that were changed after extraction", async () => {
    const damaged = new Uint8Array(train);
    damaged[100] = 99;
    writeFileSync(batch, damaged);
    const log = await run(root);
    expect(log).not.toContain("already downloaded");
    expect(new Uint8Array(readFileSync(batch))).toEqual(train);
  });

  it("accepts files whose time changed but whose contents did not", async () => {
    const hits = server.hits.get("tiny-cifar.tar.gz");
    utimesSync(batch, new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect(await run(root)).toContain("Files already downloaded and verified");
    expect(server.hits.get("tiny-cifar.tar.gz")).toBe(hits);
  });

  it("does not trust extracted files without a stamp, nor a stamp for another checksum", async () => {
    const other = join(tmp, "unstamped");
    await run(other);
    rmSync(join(other, "cifar-10-batches-bin", ".taimatsu-verified.json"));
    const err = await run(other, "0".repeat(32)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChecksumError);
    await run(other);
    const err2 = await run(other, "1".repeat(32)).catch((e: unknown) => e);
    expect(err2).toBeInstanceOf(ChecksumError);
  });
});
