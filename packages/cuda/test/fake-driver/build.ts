import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const source = join(dirname(fileURLToPath(import.meta.url)), "fake_cuda.c");

/** Builds the stand-in libcuda (fake_cuda.c) with the system C compiler; returns its path. */
export function buildFakeDriver(): string {
  const dir = join(tmpdir(), `taimatsu-fake-cuda-${process.pid}`);
  const lib = join(dir, "libcuda.so.1");
  if (existsSync(lib) && statSync(lib).mtimeMs >= statSync(source).mtimeMs) return lib;
  mkdirSync(dir, { recursive: true });
  const cc = process.env.CC ?? "cc";
  const r = spawnSync(cc, ["-shared", "-fPIC", "-O1", "-o", lib, source], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cc} could not build the fake driver: ${r.stderr || r.error}`);
  return lib;
}

/** Builds a library that lacks most driver entry points (an old or broken libcuda). */
export function buildIncompleteDriver(): string {
  const dir = join(tmpdir(), `taimatsu-fake-cuda-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const lib = join(dir, "libcuda-incomplete.so");
  const cc = process.env.CC ?? "cc";
  const r = spawnSync(cc, ["-shared", "-fPIC", "-x", "c", "-o", lib, "-"], { input: "int cuInit(unsigned f) { return 0; }\n", encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cc} could not build a library: ${r.stderr}`);
  return lib;
}
