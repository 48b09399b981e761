/**
 * @taimatsu/cpu-native: the fast CPU backend. Importing it registers the
 * "cpu-native" backend, which then serves device "cpu" ahead of the
 * reference backend (priority 10 > 0).
 *
 *   import * as torch from "@taimatsu/core";
 *   import "@taimatsu/cpu-native";
 */
import * as torch from "@taimatsu/core";
import { nativeAllocator } from "./allocator.js";
import { addonPath, native } from "./native.js";
import { args, bindBackendKernels } from "@taimatsu/kernel-abi";

// The addon reads the argument block in place: it pins the array once.
native.setArgs(args);
const { primitives, fused } = bindBackendKernels({ backend: "cpu-native", kernels: native.kernels });

export const cpuNativeBackend: torch.backends.Backend = {
  name: "cpu-native",
  deviceType: "cpu",
  priority: 10,
  allocator: nativeAllocator,
  primitives,
  fused,
  computeDTypes: ["float32", "float64", "int32", "int64", "uint8", "bool"],
  // gather, scatter, nllLoss and crossEntropy (and its backward) range-check
  // indices in C++ and throw RangeError, so core skips its host read-back
  checksIndexBounds: true,
  adjustExternalMemory: (delta) => {
    native.adjustExternalMemory(delta);
  },
  setNumThreads: (n) => setNumThreads(n),
  getNumThreads: () => getNumThreads(),
  emptyCache: () => {
    native.emptyCache();
  },
  memory: () => {
    const { liveBytes, cachedBytes } = native.info() as { liveBytes: number; cachedBytes: number };
    return { 0: { allocatedBytes: liveBytes, cachedBytes } };
  },
  info: () => ({ ...native.info(), addon: addonPath }),
};

torch.backends.registerBackend(cpuNativeBackend);

/** Intra-op threads for every kernel (and OpenBLAS); the default is the CPUs this process may use, or TAIMATSU_NUM_THREADS. */
export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`setNumThreads: expected a positive integer, got ${n}`);
  native.setNumThreads(n);
}

export function getNumThreads(): number {
  return native.getNumThreads();
}

/** `value` when it is one of `allowed`; anything else would silently pick a default path. */
function oneOf<T extends string>(op: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw new TypeError(`${op}: expected one of ${allowed.map((a) => `"${a}"`).join(", ")}, got ${typeof value === "string" ? `"${value}"` : String(value)}`);
}

/**
 * Chooses the float GEMM: "blas" (the BLAS found at build time; the default when
 * there is one) or "builtin" (the portable blocked GEMM). TAIMATSU_GEMM=builtin
 * sets it at load. Returns the path now in use ("builtin" when no BLAS was built in).
 */
export function setGemm(mode: "blas" | "builtin"): "blas" | "builtin" {
  return native.setGemm(oneOf("setGemm", mode, ["blas", "builtin"]));
}

/**
 * Chooses how unit-stride float convolutions run: "direct" (the default: a
 * tiled kernel over a zero-padded copy of each image, no im2col matrix) or
 * "im2col" (im2col + GEMM, the path every other convolution takes).
 * TAIMATSU_CONV=im2col sets it at load. Returns the path now in use.
 */
export function setConv(mode: "direct" | "im2col"): "direct" | "im2col" {
  return native.setConv(oneOf("setConv", mode, ["direct", "im2col"]));
}

/**
 * Freed tensor memory over 4 KiB is kept (up to 1 GiB, by exact size) for the
 * next allocation of that size, as a training loop makes every step; this hands
 * it back to the system, as `torch.cuda.empty_cache()` does for PyTorch's GPU
 * memory. Returns the bytes released. `info().cachedBytes` says how much is kept.
 * `torch.backends.emptyCache()` does the same for every backend.
 */
export function emptyCache(): number {
  return native.emptyCache();
}

/** Which paths are in use: gemm, blas vendor, openmp, threads, simd. */
export function info(): Record<string, unknown> {
  return cpuNativeBackend.info!();
}

if (process.env.TAIMATSU_GEMM === "builtin") setGemm("builtin");
if (process.env.TAIMATSU_CONV === "im2col") setConv("im2col");
