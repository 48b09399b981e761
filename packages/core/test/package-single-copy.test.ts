import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../src/index.js";

const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const dist = join(packageRoot, "dist");
const scratch = mkdtempSync(join(tmpdir(), "taimatsu-copies-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Imports each entry file in turn in a fresh Node process; returns what it wrote to stderr. */
function importAll(entries: string[]): string {
  const code = entries.map((e) => `await import(${JSON.stringify(pathToFileURL(e).href)});`).join("\n");
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  return r.stderr;
}

describe("one copy of core per program", () => {
  it("torch.version is package.json's version", () => {
    const pkg = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { version: string };
    expect(torch.version).toBe(pkg.version);
  });

  it("a second copy warns, naming both places and npm ls", () => {
    for (const copy of ["a", "b"]) cpSync(dist, join(scratch, copy, "dist"), { recursive: true });
    const stderr = importAll([join(scratch, "a", "dist", "index.js"), join(scratch, "b", "dist", "index.js")]);
    expect(stderr).toContain("@taimatsu/core: two copies are loaded");
    expect(stderr).toContain(pathToFileURL(join(scratch, "a")).href);
    expect(stderr).toContain(pathToFileURL(join(scratch, "b")).href);
    expect(stderr).toContain("npm ls @taimatsu/core");
  });

  it("one copy imported from two places says nothing", () => {
    const entry = join(dist, "index.js");
    expect(importAll([entry, entry])).not.toContain("two copies");
  });
});
