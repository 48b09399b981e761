// Builds the Node-API addon with cmake-js. Run by `build` with --if-stale (a
// build only when a C++ source or CMakeLists.txt is newer than the addon), and
// by `build:native` to force a rebuild.
// Environment: TAIMATSU_BLAS=OFF / TAIMATSU_OPENMP=OFF / TAIMATSU_NATIVE_ARCH=OFF
// switch the optional accelerators off; TAIMATSU_BUILD_DIR picks another build folder;
// TAIMATSU_BLAS_DLOPEN=ON / TAIMATSU_PORTABLE=ON make the prebuilt's kind of addon.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const buildDir = process.env.TAIMATSU_BUILD_DIR ?? "build";
const addon = join(root, buildDir, "Release", "taimatsu_cpu.node");

/** The newest modification time among the addon's sources. */
function newestSource() {
  let newest = statSync(join(root, "CMakeLists.txt")).mtimeMs;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(join(root, "native"));
  return newest;
}

if (process.argv.includes("--if-missing") && existsSync(addon)) process.exit(0);
if (process.argv.includes("--if-stale") && existsSync(addon) && statSync(addon).mtimeMs >= newestSource()) process.exit(0);

const require = createRequire(import.meta.url);
const cli = join(dirname(require.resolve("cmake-js/package.json")), "bin", "cmake-js");
const options = ["TAIMATSU_BLAS", "TAIMATSU_OPENMP", "TAIMATSU_NATIVE_ARCH", "TAIMATSU_BLAS_DLOPEN", "TAIMATSU_PORTABLE"]
  .filter((k) => process.env[k] !== undefined)
  .map((k) => `--CD${k}=${process.env[k]}`);
// two jobs at most: the build shares the machine with everything else
const jobs = process.env.TAIMATSU_BUILD_JOBS ?? "2";
const args = [cli, "compile", "-d", root, "-O", buildDir, "--parallel", jobs, ...options];
console.log(`@taimatsu/cpu-native: building the native addon (${buildDir})`);
const r = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" });
if (r.status !== 0) {
  console.error("@taimatsu/cpu-native: native build failed; it needs CMake (>= 3.15) and a C++17 compiler.");
  process.exit(r.status ?? 1);
}
