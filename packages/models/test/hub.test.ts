/**
 * hub.loadStateDictFromUrl against a loopback server reached through
 * TAIMATSU_HUB_MIRROR: download, hash check, load, cache reuse offline,
 * retries, concurrent downloads from two processes.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as torch from "@taimatsu/core";
import { hub } from "../src/index.js";
import { serve, type LoopbackServer } from "../../datasets/test/helpers/loopback-server.js";
import { AKAMASTER } from "../../datasets/test/helpers/shared-data.js";

const RESNET20 = "resnet20-12fca82f.th";
const RESNET20_URL = `https://github.com/akamaster/pytorch_resnet_cifar10/raw/master/pretrained_models/${RESNET20}`;
const HAVE_AKAMASTER = existsSync(new URL(RESNET20, AKAMASTER));
const DIST_HUB = new URL("../dist/hub/index.js", import.meta.url);

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** A small safetensors file named, as published weights are, with its hash prefix. */
function tinyWeights(): { name: string; bytes: Uint8Array; expected: Record<string, number[]> } {
  const expected = { "fc.weight": [0.5, -1.25, 2, 4], "fc.bias": [0.125, -3] };
  const bytes = torch.saveToBytes({ "fc.weight": torch.tensor(expected["fc.weight"], { shape: [2, 2] }), "fc.bias": torch.tensor(expected["fc.bias"]) });
  return { name: `tiny-${sha256(bytes).slice(0, 8)}.safetensors`, bytes, expected };
}

const tiny = tinyWeights();
const corrupt = { name: "broken-0123abcd.safetensors", bytes: tiny.bytes };
const FLAKY = `flaky-${tiny.name.slice("tiny-".length)}`;
let server: LoopbackServer;
let home: string;
const saved = { home: process.env.TAIMATSU_HOME, mirror: process.env.TAIMATSU_HUB_MIRROR };

beforeAll(async () => {
  server = await serve({
    [tiny.name]: { body: tiny.bytes },
    [corrupt.name]: { body: corrupt.bytes },
    [FLAKY]: { body: tiny.bytes, failFirst: { count: 1, status: 503 } },
    ...(HAVE_AKAMASTER ? { [RESNET20]: { body: { file: fileURLToPath(new URL(RESNET20, AKAMASTER)) }, throttle: { chunks: 20, delayMs: 25 } } } : {}),
  });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "taimatsu-hub-"));
  process.env.TAIMATSU_HOME = home;
  process.env.TAIMATSU_HUB_MIRROR = server.url;
  hub.setDir(null);
});
afterEach(() => {
  restore("TAIMATSU_HOME", saved.home);
  restore("TAIMATSU_HUB_MIRROR", saved.mirror);
  rmSync(home, { recursive: true, force: true });
});

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** Where the test files are "published": a port nothing listens on, so only the mirror can serve them. */
const published = (name: string) => `http://127.0.0.1:9/models/${name}`;
const cacheFiles = () => readdirSync(hub.checkpointsDir()).sort();

describe("hub directory", () => {
  it("is $TAIMATSU_HOME/hub, else $XDG_CACHE_HOME/taimatsu/hub, and setDir overrides both", () => {
    expect(hub.getDir()).toBe(join(home, "hub"));
    expect(hub.checkpointsDir()).toBe(join(home, "hub", "checkpoints"));
    delete process.env.TAIMATSU_HOME;
    const xdg = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = "/tmp/xdg-cache";
    try {
      expect(hub.getDir()).toBe("/tmp/xdg-cache/taimatsu/hub");
      hub.setDir("/tmp/elsewhere");
      expect(hub.getDir()).toBe("/tmp/elsewhere");
      hub.setDir(null);
      expect(hub.getDir()).toBe("/tmp/xdg-cache/taimatsu/hub");
    } finally {
      restore("XDG_CACHE_HOME", xdg);
    }
  });

  it("reads the hash prefix after the last '-' of a file name", () => {
    expect(hub.hashPrefixFromFileName("resnet20-12fca82f.th")).toBe("12fca82f");
    expect(hub.hashPrefixFromFileName("mobilenet_v2-b0353104.pth")).toBe("b0353104");
    expect(hub.hashPrefixFromFileName("resnet20-cifar10-v1-0a1b2c3d.safetensors")).toBe("0a1b2c3d");
    expect(hub.hashPrefixFromFileName("resnet20.th")).toBeUndefined();
    expect(hub.hashPrefixFromFileName("resnet-final.th")).toBeUndefined();
  });
});

describe("loadStateDictFromUrl", () => {
  it("downloads through the mirror, checks the hash and loads safetensors", async () => {
    const sd = await hub.loadStateDictFromUrl(published(tiny.name), { checkHash: true, progress: false });
    expect(Object.keys(sd).sort()).toEqual(["fc.bias", "fc.weight"]);
    expect(sd["fc.weight"]!.toArray()).toEqual(tiny.expected["fc.weight"]);
    expect(sd["fc.bias"]!.toArray()).toEqual(tiny.expected["fc.bias"]);
    expect(cacheFiles()).toEqual([tiny.name]); // no temporary or lock file left behind
    expect(sha256(readFileSync(join(hub.checkpointsDir(), tiny.name)))).toBe(sha256(tiny.bytes));
  });

  it("reuses the cache without any server", async () => {
    await hub.loadStateDictFromUrl(published(tiny.name), { progress: false });
    const before = server.hits.get(tiny.name);
    process.env.TAIMATSU_HUB_MIRROR = "http://127.0.0.1:9/"; // the discard port: nothing answers
    const sd = await hub.loadStateDictFromUrl(published(tiny.name), { checkHash: true, progress: false });
    expect(sd["fc.bias"]!.toArray()).toEqual(tiny.expected["fc.bias"]);
    expect(server.hits.get(tiny.name)).toBe(before);
  });

  it("on a hash mismatch throws naming URL, expected and actual hash, and keeps no file", async () => {
    const error = await hub.loadStateDictFromUrl(published(corrupt.name), { checkHash: true, progress: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(hub.HashMismatchError);
    const message = (error as Error).message;
    expect(message).toContain(`${server.url}${corrupt.name}`);
    expect(message).toContain("0123abcd");
    expect(message).toContain(sha256(corrupt.bytes));
    expect(cacheFiles()).toEqual([]);
  });

  it("checks a full sha256 given as an option, and refuses checkHash on a name without a hash", async () => {
    await expect(hub.loadStateDictFromUrl(published(tiny.name), { sha256: "f".repeat(64), progress: false })).rejects.toThrow(/sha256 mismatch/);
    await expect(hub.loadStateDictFromUrl(published("plain.safetensors"), { checkHash: true, progress: false })).rejects.toThrow(/carries none/);
  });

  it("replaces a damaged cached file with a fresh download", async () => {
    await hub.loadStateDictFromUrl(published(tiny.name), { progress: false });
    writeFileSync(join(hub.checkpointsDir(), tiny.name), "damaged");
    const sd = await hub.loadStateDictFromUrl(published(tiny.name), { checkHash: true, progress: false });
    expect(sd["fc.weight"]!.toArray()).toEqual(tiny.expected["fc.weight"]);
  });

  it("retries a transient HTTP error", async () => {
    const sd = await hub.loadStateDictFromUrl(published(FLAKY), { progress: false, sha256: sha256(tiny.bytes) });
    expect(sd["fc.bias"]!.toArray()).toEqual(tiny.expected["fc.bias"]);
    expect(server.hits.get(FLAKY)).toBe(2);
  });

  it("honours modelDir and fileName", async () => {
    const dir = join(home, "mine");
    await hub.loadStateDictFromUrl(published(tiny.name), { modelDir: dir, fileName: tiny.name, progress: false });
    expect(readdirSync(dir)).toEqual([tiny.name]);
    expect(existsSync(hub.checkpointsDir())).toBe(false);
  });

  it("serves from a file:// mirror", async () => {
    const dir = join(home, "mirror");
    mkdirSync(dir);
    writeFileSync(join(dir, tiny.name), tiny.bytes);
    process.env.TAIMATSU_HUB_MIRROR = pathToFileURL(dir).href;
    const sd = await hub.loadStateDictFromUrl(published(tiny.name), { checkHash: true, progress: false });
    expect(sd["fc.weight"]!.toArray()).toEqual(tiny.expected["fc.weight"]);
  });

  it.skipIf(!HAVE_AKAMASTER)("loads a PyTorch legacy checkpoint (the akamaster resnet20)", async () => {
    const ckpt = await hub.loadStateDictFromUrl<{ state_dict: Record<string, torch.Tensor>; best_prec1: number }>(RESNET20_URL, { checkHash: true, progress: false });
    expect(ckpt.best_prec1).toBeCloseTo(91.78, 2);
    expect(ckpt.state_dict["module.conv1.weight"]!.shape).toEqual([16, 3, 3, 3]);
  });
});

describe("download lock", () => {
  it("takes over a lock whose process is gone", async () => {
    const target = join(home, "file.bin");
    writeFileSync(`${target}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname() }));
    let ran = false;
    await hub.withDownloadLock(target, async () => existsSync(target), async () => {
      ran = true;
      writeFileSync(target, "x");
    });
    expect(ran).toBe(true);
    expect(existsSync(`${target}.lock`)).toBe(false);
  });

  it("takes over a lock not refreshed within staleMs", async () => {
    const target = join(home, "file.bin");
    writeFileSync(`${target}.lock`, "");
    const old = new Date(Date.now() - 10_000);
    utimesSync(`${target}.lock`, old, old);
    await hub.withDownloadLock(target, async () => existsSync(target), async () => writeFileSync(target, "x"), { staleMs: 5_000, pollMs: 10 });
    expect(readFileSync(target, "utf8")).toBe("x");
  });
});

describe.skipIf(!HAVE_AKAMASTER || !existsSync(DIST_HUB))("two processes downloading the same file", () => {
  it("leave one valid file and download it once", async () => {
    const script = `
      const hub = await import(${JSON.stringify(DIST_HUB.href)});
      const ckpt = await hub.loadStateDictFromUrl(${JSON.stringify(RESNET20_URL)}, { checkHash: true, progress: false });
      console.log(Object.keys(ckpt.state_dict).length);`;
    const run = () => promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], { env: { ...process.env }, timeout: 60_000 });
    const hitsBefore = server.hits.get(RESNET20) ?? 0;
    const [a, b] = await Promise.all([run(), run()]);
    expect(a.stdout.trim()).toBe("97");
    expect(b.stdout.trim()).toBe("97");
    expect(cacheFiles()).toEqual([RESNET20]);
    expect(sha256(readFileSync(join(hub.checkpointsDir(), RESNET20)))).toBe("12fca82f0bebc4135bf1f32f6e3710e61d5108578464b84fd6d7f5c1b04036c8");
    expect((server.hits.get(RESNET20) ?? 0) - hitsBefore).toBe(1);
  });
});
