// The package's install script: builds the addon when none loads, and never
// fails the install. Without an addon (or without a driver at run time),
// importing @taimatsu/cuda leaves the backend unregistered and says why.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const addon = join(root, process.env.TAIMATSU_BUILD_DIR ?? "build", "Release", "taimatsu_cuda.node");

function loads(path) {
  if (!existsSync(path)) return false;
  return spawnSync(process.execPath, ["-e", `require(${JSON.stringify(path)})`], { stdio: "ignore" }).status === 0;
}

if (process.env.TAIMATSU_FORCE_BUILD !== "1" && loads(addon)) process.exit(0);
const r = spawnSync(process.execPath, [join(root, "scripts", "build-native.mjs")], { cwd: root, stdio: "inherit" });
if (r.status !== 0) {
  console.warn(
    "@taimatsu/cuda: the addon could not be built (it needs CMake and a C++17 compiler, no CUDA toolkit), so the CUDA " +
      "backend is unavailable until it is: run `npm rebuild @taimatsu/cuda --foreground-scripts`. Other backends work without it.",
  );
}
