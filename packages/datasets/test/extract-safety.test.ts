/**
 * Extraction never writes outside its destination folder, and temporary
 * files of a killed process are removed at the next start.
 */
import { spawn } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArchiveError, downloadUrl, extractArchive } from "../src/download/index.js";
import { serve, type LoopbackServer } from "./helpers/loopback-server.js";
import { tar, type TarFile } from "./helpers/tar-builder.js";

const tmp = mkdtempSync(join(tmpdir(), "taimatsu-extract-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

/** Extracts `files` into <case>/dest and returns the error and what the case folder holds afterwards. */
async function extractCase(files: TarFile[], prepare?: (caseDir: string, dest: string) => void) {
  const caseDir = join(tmp, `case-${n++}`);
  const dest = join(caseDir, "dest");
  mkdirSync(dest, { recursive: true });
  const archive = join(caseDir, "in.tar");
  writeFileSync(archive, tar(files));
  prepare?.(caseDir, dest);
  const before = readdirSync(caseDir).sort();
  const error = await extractArchive(archive, dest).then(() => undefined, (e: unknown) => e);
  return { error, caseDir, dest, before, after: readdirSync(caseDir).sort() };
}

describe("extractArchive refuses entries that would write outside the destination", () => {
  const cases: [string, TarFile[]][] = [
    ["a file named .", [{ path: ".", data: "x" }]],
    ["a file named ./", [{ path: "./", data: "x" }]],
    ["a file named x/..", [{ path: "x/..", data: "x" }]],
    ["a file named a/b/../..", [{ path: "a/b/../..", data: "x" }]],
    ["a parent path", [{ path: "../escape.txt", data: "x" }]],
    ["a parent path hidden in the middle", [{ path: "a/../../escape.txt", data: "x" }]],
    ["an absolute path", [{ path: `${tmp}/abs.txt`, data: "x" }]],
    ["a symlink to a parent", [{ path: "up", type: "symlink", link: ".." }]],
    ["a symlink to an absolute path", [{ path: "etc", type: "symlink", link: "/etc" }]],
    ["a symlink, then a file written through it", [{ path: "d", type: "directory" }, { path: "d/out", type: "symlink", link: "../.." }, { path: "d/out/escape.txt", data: "x" }]],
    ["a hard link to a file outside", [{ path: "h", type: "hardlink", link: "../in.tar" }]],
  ];
  for (const [what, files] of cases) {
    it(`refuses ${what}`, async () => {
      const { error, before, after } = await extractCase(files);
      expect(error).toBeInstanceOf(ArchiveError);
      expect((error as Error).message).toMatch(/refusing to extract/);
      expect(after).toEqual(before);
    });
  }

  it("refuses to write through a symlink already in the destination that leads outside", async () => {
    const { error, caseDir, before, after } = await extractCase([{ path: "link/escape.txt", data: "x" }], (caseDir, dest) => {
      mkdirSync(join(caseDir, "outside"));
      symlinkSync(join(caseDir, "outside"), join(dest, "link"));
    });
    expect(error).toBeInstanceOf(ArchiveError);
    expect((error as Error).message).toMatch(/through a link to .*outside the destination folder/);
    expect(after).toEqual(before);
    expect(readdirSync(join(caseDir, "outside"))).toEqual([]);
  });

  it("still extracts the root's own directory entry, inner links, and ordinary files", async () => {
    const { error, dest } = await extractCase([
      { path: "./", type: "directory" },
      { path: "./a/f.txt", data: "hello" },
      { path: "a/g.txt", type: "symlink", link: "f.txt" },
      { path: "a/h.txt", type: "hardlink", link: "a/f.txt" },
    ]);
    expect(error).toBeUndefined();
    expect(readFileSync(join(dest, "a", "g.txt"), "utf8")).toBe("hello");
    expect(lstatSync(join(dest, "a", "g.txt")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dest, "a", "h.txt"), "utf8")).toBe("hello");
  });

  it("gives an ArchiveError for a file that is not an archive", async () => {
    const path = join(tmp, "notes.zip");
    writeFileSync(path, "x");
    await expect(extractArchive(path, tmp)).rejects.toBeInstanceOf(ArchiveError);
  });
});

describe("temporary files of a killed process", () => {
  let server: LoopbackServer;
  const body = new Uint8Array(400_000).map((_, i) => (i * 13) % 256);
  beforeAll(async () => {
    server = await serve({ "slow.bin": { body, throttle: { chunks: 100, delayMs: 20 } }, "fast.bin": { body } });
  });
  afterAll(async () => server.close());

  /** The id of a process that has exited. */
  async function deadPid(): Promise<number> {
    const child = spawn(process.execPath, ["-e", ""]);
    await new Promise((resolve) => child.on("exit", resolve));
    return child.pid!;
  }

  it("are removed by the next download of the same file; a live process's are kept", async () => {
    const root = join(tmp, "parts");
    mkdirSync(root, { recursive: true });
    const dead = await deadPid();
    writeFileSync(join(root, `fast.bin.part-${dead}-abc123`), "partial");
    writeFileSync(join(root, `fast.bin.part-${process.pid}-live01`), "in progress");
    writeFileSync(join(root, `other.bin.part-${dead}-abc123`), "not ours");
    await downloadUrl(`${server.url}fast.bin`, { root, progress: false });
    expect(readdirSync(root).sort()).toEqual(["fast.bin", `fast.bin.part-${process.pid}-live01`, `other.bin.part-${dead}-abc123`]);
  });

  it("after kill -9 in the middle of a download", async () => {
    const root = join(tmp, "killed");
    const module = new URL("../dist/download/index.js", import.meta.url);
    const script = `import(${JSON.stringify(module.href)}).then((d) => d.downloadUrl(${JSON.stringify(`${server.url}slow.bin`)}, { root: ${JSON.stringify(root)}, progress: false }))`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: "ignore" });
    for (let i = 0; i < 500 && !(existsSync(root) && readdirSync(root).some((f) => f.includes(".part-"))); i++) await new Promise((r) => setTimeout(r, 20));
    expect(readdirSync(root).filter((f) => f.startsWith("slow.bin.part-"))).toHaveLength(1);
    child.kill("SIGKILL");
    await new Promise((resolve) => child.on("exit", resolve));
    expect(readdirSync(root).filter((f) => f.startsWith("slow.bin.part-"))).toHaveLength(1);
    await downloadUrl(`${server.url}slow.bin`, { root, progress: false });
    expect(readdirSync(root)).toEqual(["slow.bin"]);
    expect(new Uint8Array(readFileSync(join(root, "slow.bin")))).toEqual(body);
  });
});
