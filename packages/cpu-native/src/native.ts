import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The addon's exports (native/src/addon.cc). Addresses travel as numbers. */
export interface NativeAddon {
  setArgs(block: Float64Array): void;
  alloc(bytes: number): number;
  free(address: number, bytes: number): void;
  read(address: number, into: ArrayBufferView): void;
  write(address: number, from: ArrayBufferView, isBool: boolean): void;
  copy(dst: number, src: number, bytes: number): void;
  adjustExternalMemory(deltaBytes: number): number;
  /** Frees the blocks the allocator keeps for reuse; returns their bytes. */
  emptyCache(): number;
  /** Reports to V8 the native memory allocated or freed since the last report. */
  flushExternalMemory(): void;
  setNumThreads(n: number): number;
  getNumThreads(): number;
  setGemm(mode: "blas" | "builtin"): "blas" | "builtin";
  setConv(mode: "direct" | "im2col"): "direct" | "im2col";
  info(): Record<string, unknown>;
  /** Kernels by name; each reads its arguments from the block given to setArgs. */
  kernels: Record<string, () => void>;
}

/** The command that builds the addon from source, in this repository and in an installed package. */
export const BUILD_COMMAND = "pnpm --filter @taimatsu/cpu-native build:native";
export const INSTALLED_BUILD_COMMAND = "npm rebuild @taimatsu/cpu-native --foreground-scripts";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

/** A build from source: build/Release/taimatsu_cpu.node, or the build folder named by TAIMATSU_BUILD_DIR. */
export const sourceBuildPath = join(packageRoot, process.env.TAIMATSU_BUILD_DIR ?? "build", "Release", "taimatsu_cpu.node");

/** The addon shipped in the package for this platform (scripts/build-prebuilt.mjs). */
export const prebuiltPath = join(packageRoot, "prebuilds", `${process.platform}-${process.arch}`, "taimatsu_cpu.node");

/**
 * Where the addon is looked for, in order. A build from source exists only
 * where someone built one (in a checkout, or an install whose prebuilt did not
 * fit this machine) and is compiled for this CPU, so it goes first; the
 * prebuilt serves everyone else. TAIMATSU_CPU_ADDON names one addon file to
 * use, TAIMATSU_BUILD_DIR one build folder.
 */
export function addonCandidates(): string[] {
  const chosen = process.env.TAIMATSU_CPU_ADDON;
  if (chosen) return [chosen];
  return process.env.TAIMATSU_BUILD_DIR !== undefined ? [sourceBuildPath] : [sourceBuildPath, prebuiltPath];
}

/**
 * Loads the first addon in `paths` that exists and loads on this machine; when
 * none does, the error says what was tried and how to build one.
 */
export function loadAddon(paths: string[] = addonCandidates()): { addon: NativeAddon; path: string } {
  const tried: string[] = [];
  const requireAddon = createRequire(import.meta.url);
  for (const path of paths) {
    if (!existsSync(path)) {
      tried.push(`${path} (missing)`);
      continue;
    }
    try {
      return { addon: requireAddon(path) as NativeAddon, path };
    } catch (e) {
      tried.push(`${path} (does not load here: ${(e as Error).message.split("\n")[0]})`);
    }
  }
  throw new Error(
    `@taimatsu/cpu-native: no native addon for ${process.platform}-${process.arch} loads here; tried ${tried.join(", ")}. ` +
      `Build it from source with \`${INSTALLED_BUILD_COMMAND}\` in your project (or \`${BUILD_COMMAND}\` in the Taimatsu repository); ` +
      "that needs CMake and a C++17 compiler, and uses OpenBLAS and OpenMP when installed. " +
      "Until then @taimatsu/core runs on its reference backend: leave out the cpu-native import.",
  );
}

// After a parallel region libgomp's threads spin before they sleep: ~3 ms by
// default (forever under OMP_WAIT_POLICY=ACTIVE), which starves the main thread
// and the data-loader workers whenever the CPUs are shared, while sleeping at
// once (PASSIVE) costs ~0.1 ms of wake-up per kernel, a third of a small
// kernel's time. A short spin (~0.3 ms) bridges the gap between the kernels of
// a training step and then lets go. Set before the addon (and so libgomp)
// loads; an explicit OMP_WAIT_POLICY or GOMP_SPINCOUNT wins.
if (process.env.OMP_WAIT_POLICY === undefined) process.env.GOMP_SPINCOUNT ??= "30000";

const loaded = loadAddon();
export const native: NativeAddon = loaded.addon;
/** The addon file in use. */
export const addonPath: string = loaded.path;
