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

// OpenMP's default of busy-waiting between parallel regions starves the main
// thread whenever the CPUs are shared (other processes, a second worker), and
// kernels here only go parallel for ~0.1 ms chunks, so a sleeping wait costs
// little. Set before the addon (and so libgomp) loads; an explicit setting wins.
process.env.OMP_WAIT_POLICY ??= "PASSIVE";

export const native: NativeAddon = loadAddon();
