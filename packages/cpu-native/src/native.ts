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

export const BUILD_COMMAND = "pnpm --filter @taimatsu/cpu-native build:native";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

/** build/Release/taimatsu_cpu.node, or another build folder named by TAIMATSU_BUILD_DIR. */
export const addonPath = join(packageRoot, process.env.TAIMATSU_BUILD_DIR ?? "build", "Release", "taimatsu_cpu.node");

/** Loads the addon at `path`; a missing build fails with the command that makes it. */
export function loadAddon(path: string = addonPath): NativeAddon {
  if (!existsSync(path)) {
    throw new Error(
      `@taimatsu/cpu-native: the native addon is not built (missing ${path}). ` +
        `Build it with \`${BUILD_COMMAND}\` (needs CMake and a C++17 compiler; OpenBLAS and OpenMP are used when installed).`,
    );
  }
  return createRequire(import.meta.url)(path) as NativeAddon;
}

// After a parallel region libgomp's threads spin before they sleep: ~3 ms by
// default (forever under OMP_WAIT_POLICY=ACTIVE), which starves the main thread
// and the data-loader workers whenever the CPUs are shared, while sleeping at
// once (PASSIVE) costs ~0.1 ms of wake-up per kernel, a third of a small
// kernel's time. A short spin (~0.3 ms) bridges the gap between the kernels of
// a training step and then lets go. Set before the addon (and so libgomp)
// loads; an explicit OMP_WAIT_POLICY or GOMP_SPINCOUNT wins.
if (process.env.OMP_WAIT_POLICY === undefined) process.env.GOMP_SPINCOUNT ??= "30000";

export const native: NativeAddon = loadAddon();
