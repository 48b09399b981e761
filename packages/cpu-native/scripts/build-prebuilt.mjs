// Builds the addon that ships in the package, prebuilds/<platform>-<arch>/
// taimatsu_cpu.node, from the same sources as a normal build but made to run
// on other machines: generic CPU code (no -march=native), a std::thread pool
// (no libgomp), the C++ runtime linked in, and OpenBLAS opened at run time
// when it is installed. It needs the C library only (glibc 2.34+ when built on
// Debian 12). Run by prepack, so a packed package always carries it.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const buildDir = "build-prebuilt";
const target = join(root, "prebuilds", `${process.platform}-${process.arch}`, "taimatsu_cpu.node");
const built = join(root, buildDir, "Release", "taimatsu_cpu.node");

const env = {
  ...process.env,
  TAIMATSU_BUILD_DIR: buildDir,
  TAIMATSU_NATIVE_ARCH: "OFF",
  TAIMATSU_OPENMP: "OFF",
  TAIMATSU_BLAS: "ON",
  TAIMATSU_BLAS_DLOPEN: "ON",
  TAIMATSU_PORTABLE: "ON",
};
const r = spawnSync(process.execPath, [join(root, "scripts", "build-native.mjs"), "--if-stale"], { cwd: root, env, stdio: "inherit" });
if (r.status !== 0) process.exit(r.status ?? 1);

if (!existsSync(target) || statSync(target).mtimeMs < statSync(built).mtimeMs) {
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(built, target);
  // debug symbols are most of the file; a failing strip only costs size
  spawnSync("strip", ["--strip-unneeded", target], { stdio: "inherit" });
  console.log(`@taimatsu/cpu-native: prebuilt addon at ${target}`);
}
