/**
 * A hub cache on a read-only file system. Even root cannot make a folder
 * read-only with chmod, so the file-system calls that write there fail here
 * with EROFS, as they do on a read-only mount.
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as torch from "@taimatsu/core";
import { hub } from "../src/index.js";
import { serve, type LoopbackServer } from "../../datasets/test/helpers/loopback-server.js";

const tmp = mkdtempSync(join(tmpdir(), "taimatsu-hub-ro-"));
const readOnly = join(tmp, "read-only");

vi.mock("node:fs/promises", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs/promises")>();
  const guard = <A extends unknown[], R>(fn: (path: never, ...rest: A) => Promise<R>) =>
    (path: unknown, ...rest: A): Promise<R> => {
      if (String(path).startsWith(readOnly)) return Promise.reject(Object.assign(new Error(`EROFS: read-only file system, '${String(path)}'`), { code: "EROFS" }));
      return fn(path as never, ...rest);
    };
  const open = (path: unknown, flags?: unknown, mode?: unknown) =>
    flags === undefined || flags === "r" ? fs.open(path as string, flags as string, mode as number) : guard(fs.open as never)(path, flags, mode);
  return { ...fs, rm: guard(fs.rm), unlink: guard(fs.unlink), rename: guard(fs.rename), open, default: { ...fs, rm: guard(fs.rm), open } };
});

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const good = torch.saveToBytes({ w: torch.tensor([1.5, -2, 4]) });
const name = `w-${sha256(good).slice(0, 8)}.safetensors`;
let server: LoopbackServer;
const saved = { mirror: process.env.TAIMATSU_HUB_MIRROR, tmpdir: process.env.TMPDIR };

beforeAll(async () => {
  server = await serve({ [name]: { body: good } });
  process.env.TAIMATSU_HUB_MIRROR = server.url;
  process.env.TMPDIR = join(tmp, "tmp");
  mkdirSync(process.env.TMPDIR);
  mkdirSync(readOnly);
  writeFileSync(join(readOnly, name), good.subarray(0, good.length - 3)); // a corrupt copy it cannot remove
});
afterAll(async () => {
  await server.close();
  for (const [k, v] of [["TAIMATSU_HUB_MIRROR", saved.mirror], ["TMPDIR", saved.tmpdir]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  rmSync(tmp, { recursive: true, force: true });
});

describe("a read-only hub cache", () => {
  const url = `http://127.0.0.1:9/models/${name}`;
  const fallback = () => join(tmp, "tmp", `taimatsu-hub-${process.getuid?.() ?? "user"}`, "checkpoints");

  it("holding a corrupt file: falls back to a writable cache and loads a good copy", async () => {
    const sd = await hub.loadStateDictFromUrl(url, { modelDir: readOnly, checkHash: true, progress: false });
    expect(sd.w!.toArray()).toEqual([1.5, -2, 4]);
    expect(readdirSync(fallback())).toEqual([name]);
    expect(sha256(readFileSync(join(fallback(), name)))).toBe(sha256(good));
    expect(readFileSync(join(readOnly, name)).length).toBe(good.length - 3); // untouched
  });

  it("missing the file: downloads into the fallback", async () => {
    const empty = join(readOnly, "empty");
    mkdirSync(empty);
    rmSync(fallback(), { recursive: true });
    const sd = await hub.loadStateDictFromUrl(url, { modelDir: empty, progress: false });
    expect(sd.w!.toArray()).toEqual([1.5, -2, 4]);
    expect(readdirSync(fallback())).toEqual([name]);
  });

  it("when the fallback is read-only too: a HubCacheError that says what to do", async () => {
    process.env.TMPDIR = join(readOnly, "tmp");
    try {
      const error = await hub.loadStateDictFromUrl(url, { modelDir: readOnly, checkHash: true, progress: false }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(hub.HubCacheError);
      expect((error as Error).message).toMatch(/cannot be written \(EROFS\), nor the fallback .* \(EROFS\); set TAIMATSU_HOME .* to a writable folder/);
    } finally {
      process.env.TMPDIR = join(tmp, "tmp");
    }
  });
});
