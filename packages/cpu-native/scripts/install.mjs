// The package's install script. Uses the prebuilt addon when it loads on this
// machine (or an existing build from source), builds from source only when
// none does, and never fails the install: without an addon, importing
// @taimatsu/cpu-native says how to build it and core keeps its reference backend.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const buildDir = process.env.TAIMATSU_BUILD_DIR ?? "build";
const candidates = [
  join(root, buildDir, "Release", "taimatsu_cpu.node"),
  join(root, "prebuilds", `${process.platform}-${process.arch}`, "taimatsu_cpu.node"),
];

/** Whether the addon loads, tried in a child so a crash cannot take the install down. */
function loads(path) {
  if (!existsSync(path)) return false;
  const r = spawnSync(process.execPath, ["-e", `require(${JSON.stringify(path)})`], { stdio: "ignore" });
  return r.status === 0;
}

if (process.env.TAIMATSU_FORCE_BUILD !== "1" && candidates.some(loads)) process.exit(0);

console.log(`@taimatsu/cpu-native: no prebuilt addon loads on ${process.platform}-${process.arch}; building from source`);
const r = spawnSync(process.execPath, [join(root, "scripts", "build-native.mjs")], { cwd: root, stdio: "inherit" });
if (r.status !== 0) {
  console.warn(
    "@taimatsu/cpu-native: the native addon could not be built, so this backend is unavailable until it is " +
      "(install CMake and a C++17 compiler, then run `npm rebuild @taimatsu/cpu-native --foreground-scripts`). " +
      "@taimatsu/core and other backends work without it.",
  );
}
