// Builds the Node-API addon with cmake-js (a C++17 compiler and CMake; no CUDA
// toolkit: the addon opens the driver at run time). Run by `build` with
// --if-stale (only when a source or CMakeLists.txt is newer than the addon) and
// by `build:native` to force a rebuild. TAIMATSU_BUILD_DIR picks another folder.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const buildDir = process.env.TAIMATSU_BUILD_DIR ?? "build";
const addon = join(root, buildDir, "Release", "taimatsu_cuda.node");

function newestSource() {
  let newest = statSync(join(root, "CMakeLists.txt")).mtimeMs;
  for (const entry of readdirSync(join(root, "native", "src"))) newest = Math.max(newest, statSync(join(root, "native", "src", entry)).mtimeMs);
  return newest;
}

if (process.argv.includes("--if-stale") && existsSync(addon) && statSync(addon).mtimeMs >= newestSource()) process.exit(0);

const require = createRequire(import.meta.url);
let cli;
try {
  cli = join(dirname(require.resolve("cmake-js/package.json")), "bin", "cmake-js");
} catch {
  console.error("@taimatsu/cuda: cmake-js is not installed, so the addon cannot be built");
  process.exit(1);
}
const jobs = process.env.TAIMATSU_BUILD_JOBS ?? "2";
console.log(`@taimatsu/cuda: building the native addon (${buildDir})`);
const r = spawnSync(process.execPath, [cli, "compile", "-d", root, "-O", buildDir, "--parallel", jobs], { cwd: root, stdio: "inherit" });
if (r.status !== 0) {
  console.error("@taimatsu/cuda: native build failed; it needs CMake (>= 3.15) and a C++17 compiler (no CUDA toolkit).");
  process.exit(r.status ?? 1);
}
