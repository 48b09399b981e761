import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Writable } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ChecksumError, DownloadError, downloadAndExtractArchive, downloadUrl, extractArchive, MIRROR_ENV, TarParser } from "../src/download/index.js";
import { closedPort, serve, type LoopbackServer } from "./helpers/loopback-server.js";
import { tar, tarGz } from "./helpers/tar-builder.js";

const md5 = (b: Uint8Array) => createHash("md5").update(b).digest("hex");
const longName = `deep/${"n".repeat(120)}.txt`;
const archive = tarGz([
  { path: "pack/", type: "directory" },
  { path: "pack/a.txt", data: "hello" },
  { path: "pack/sub/b.bin", data: new Uint8Array(1500).map((_, i) => i % 251) },
  { path: longName, data: "long" },
]);
const big = new Uint8Array(200_000).map((_, i) => (i * 7) % 256);

let server: LoopbackServer;
const tmp = mkdtempSync(join(tmpdir(), "taimatsu-download-"));
let n = 0;
const freshDir = () => join(tmp, `case-${n++}`);
const quiet = { progress: false as const, retryDelayMs: 5 };

beforeAll(async () => {
  server = await serve({
    "pack.tar.gz": { body: archive },
    "flaky.bin": { body: big, failFirst: { count: 2, status: 503 } },
    "cut.bin": { body: big, cutAfter: 1000 },
    "truncated.tar.gz": { body: archive.subarray(0, archive.length - 40) },
  });
});
afterAll(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});
afterEach(() => {
  delete process.env[MIRROR_ENV];
});

function capture() {
  let text = "";
  const output = Object.assign(new Writable({ write: (c, _e, done) => ((text += c), done()) }), { isTTY: false });
  return { output, text: () => text };
}

describe("downloadUrl and extraction", () => {
  it("downloads, verifies, extracts (pax long names too), then skips the second time", async () => {
    const root = freshDir();
    const log = capture();
    const files = await downloadAndExtractArchive(`${server.url}pack.tar.gz`, { downloadRoot: root, md5: md5(archive), output: log.output });
    expect(files.map((f) => f.slice(root.length + 1)).sort()).toEqual([longName, "pack/a.txt", "pack/sub/b.bin"].sort());
    expect(readFileSync(join(root, "pack/a.txt"), "utf8")).toBe("hello");
    expect(readFileSync(join(root, "pack/sub/b.bin"))[1499]).toBe(1499 % 251);
    expect(log.text()).toMatch(/Downloading http:\/\/127\.0\.0\.1:\d+\/pack\.tar\.gz to .*pack\.tar\.gz\n/);
    expect(log.text()).toMatch(/pack\.tar\.gz: \d+ B in [\d.]+ s/);
    const before = server.hits.get("pack.tar.gz");
    await downloadUrl(`${server.url}pack.tar.gz`, { root, md5: md5(archive), output: log.output });
    expect(server.hits.get("pack.tar.gz")).toBe(before);
    expect(log.text()).toContain("Using downloaded and verified file");
  });

  it("draws a progress bar on a terminal", async () => {
    let text = "";
    const output = Object.assign(new Writable({ write: (c, _e, done) => ((text += c), done()) }), { isTTY: true });
    await downloadUrl(`${server.url}pack.tar.gz`, { root: freshDir(), output });
    expect(text).toMatch(/pack\.tar\.gz 100% \|█+\| [\d.]+ k?B\/[\d.]+ k?B [\d.]+ [kM]?B\/s ETA 0:00/);
  });

  it("says the host is unreachable and how to use a mirror", async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/cifar-10-binary.tar.gz`;
    const err = await downloadUrl(url, { root: freshDir(), ...quiet }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DownloadError);
    const message = (err as Error).message;
    expect(message).toContain(url);
    expect(message).toContain("ECONNREFUSED");
    expect(message).toMatch(/offline, use a mirror: set TAIMATSU_DATASETS_MIRROR/);
    expect(message).toContain("file://");
  });

  it("with TAIMATSU_DATASETS_MIRROR already set, says its mirrors were tried instead of asking to set it", async () => {
    const empty = freshDir();
    process.env[MIRROR_ENV] = pathToFileURL(empty).href;
    try {
      const port = await closedPort();
      const err = await downloadUrl(`http://127.0.0.1:${port}/cifar-10-binary.tar.gz`, { root: freshDir(), retries: 0, ...quiet }).catch((e: unknown) => e);
      const message = (err as Error).message;
      expect(message).toContain(`The mirrors in TAIMATSU_DATASETS_MIRROR (${pathToFileURL(empty).href}) were tried first`);
      expect(message).not.toMatch(/set TAIMATSU_DATASETS_MIRROR/);
    } finally {
      delete process.env[MIRROR_ENV];
    }
  });

  it("removes a download whose checksum is wrong and names both sums", async () => {
    const root = freshDir();
    const err = await downloadUrl(`${server.url}pack.tar.gz`, { root, md5: "0".repeat(32), ...quiet }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChecksumError);
    expect((err as Error).message).toContain(`expected ${"0".repeat(32)}, actual ${md5(archive)}`);
    expect(readdirSync(root)).toEqual([]);
  });

  it("retries a 503 and succeeds", async () => {
    const root = freshDir();
    const log = capture();
    const path = await downloadUrl(`${server.url}flaky.bin`, { root, md5: md5(big), retryDelayMs: 5, output: log.output });
    expect(readFileSync(path).length).toBe(big.length);
    expect(server.hits.get("flaky.bin")).toBe(3);
    expect(log.text()).toMatch(/HTTP 503 Service Unavailable; retrying in [\d.]+ s \(attempt 2 of 4\)/);
  });

  it("never keeps a body cut short", async () => {
    const root = freshDir();
    const err = await downloadUrl(`${server.url}cut.bin`, { root, retries: 1, ...quiet }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DownloadError);
    expect(server.hits.get("cut.bin")).toBe(2);
    expect(existsSync(join(root, "cut.bin"))).toBe(false);
    expect(readdirSync(root)).toEqual([]);
  });

  it("names a truncated archive", async () => {
    const root = freshDir();
    const truncated = archive.subarray(0, archive.length - 40);
    await expect(downloadAndExtractArchive(`${server.url}truncated.tar.gz`, { downloadRoot: root, md5: md5(truncated), ...quiet })).rejects.toThrow(
      /truncated\.tar\.gz is truncated or corrupt \(unexpected end of file\)/,
    );
    const cutTar = join(root, "cut.tar");
    writeFileSync(cutTar, tar([{ path: "x.bin", data: new Uint8Array(3000) }]).subarray(0, 2048));
    await expect(extractArchive(cutTar, root)).rejects.toThrow(/cut\.tar is truncated \(it ends inside the data of x\.bin\)/);
    expect(existsSync(join(root, "x.bin"))).toBe(false);
  });

  it("uses a file:// mirror from TAIMATSU_DATASETS_MIRROR before the official URL", async () => {
    const mirror = freshDir();
    await downloadUrl(`${server.url}pack.tar.gz`, { root: mirror, ...quiet });
    process.env[MIRROR_ENV] = pathToFileURL(mirror).href;
    const port = await closedPort();
    const root = freshDir();
    const path = await downloadUrl(`http://127.0.0.1:${port}/pack.tar.gz`, { root, md5: md5(archive), ...quiet });
    expect(md5(readFileSync(path))).toBe(md5(archive));
    delete process.env[MIRROR_ENV];
    const viaOption = await downloadUrl(`http://127.0.0.1:${port}/pack.tar.gz`, { root: freshDir(), mirror: server.url, ...quiet });
    expect(existsSync(viaOption)).toBe(true);
  });
});

describe("TarParser", () => {
  const entries = (bytes: Uint8Array) => {
    const seen: string[] = [];
    const p = new TarParser("t.tar", { begin: (e) => seen.push(`${e.type}:${e.path}`), data: () => undefined, end: () => undefined });
    for (let i = 0; i < bytes.length; i += 100) p.push(bytes.subarray(i, i + 100));
    p.finish();
    return seen;
  };

  it("reads entries split across arbitrary chunks", () => {
    expect(entries(tar([{ path: "d/", type: "directory" }, { path: "d/f", data: "x" }, { path: longName, data: "y" }]))).toEqual(["directory:d/", "file:d/f", `file:${longName}`]);
  });

  it("rejects a corrupt header and a path that escapes", async () => {
    const bytes = tar([{ path: "f", data: "x" }]);
    bytes[10] = 65;
    expect(() => entries(bytes)).toThrow(/t\.tar is corrupt \(bad tar header checksum/);
    const root = freshDir();
    const evil = join(tmp, "evil.tar");
    writeFileSync(evil, tar([{ path: "../escape.txt", data: "x" }]));
    await expect(extractArchive(evil, root)).rejects.toThrow(/refusing to extract \.\.\/escape\.txt/);
  });
});
