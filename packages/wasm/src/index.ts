/**
 * @taimatsu/wasm: the WebAssembly backend. The C++ kernels of
 * @taimatsu/cpu-native compiled to wasm32 with SIMD128, for every JavaScript
 * runtime without a native addon: browsers, Deno, Bun, edge workers, and Node
 * where the addon cannot be built. Importing it registers the "wasm" backend
 * for device "cpu", below cpu-native (10) and above the reference backend (0).
 *
 *   import * as torch from "@taimatsu/core";
 *   import * as wasm from "@taimatsu/wasm";
 *   await wasm.ready(); // instant in Node; streaming compilation in browsers
 */
import * as torch from "@taimatsu/core";
import { bindBackendKernels } from "@taimatsu/kernel-abi";
import { allocatedBytes, wasmAllocator } from "./allocator.js";
import { wasmHost } from "./host.js";
import { canThread, cString, exports, initSync, isNode, isReady, load, loaded, whenLoaded } from "./module.js";
import { setThreads, threadCount, workerCount, workersStarted } from "./threads.js";

export { initSync, isReady } from "./module.js";

/**
 * Resolves once the module is instantiated and its worker threads run: in
 * Node the module is loaded at import; elsewhere by streaming compilation
 * from `source` (default: the module shipped next to this file).
 */
export async function ready(source?: string | URL | Response | BufferSource): Promise<void> {
  await load(source);
  await workersStarted();
}

const { primitives, fused } = bindBackendKernels(wasmHost);

export const wasmBackend: torch.backends.Backend = {
  name: "wasm",
  deviceType: "cpu",
  priority: 5,
  allocator: wasmAllocator,
  primitives,
  fused,
  computeDTypes: ["float32", "float64", "int32", "int64", "uint8", "bool"],
  // gather, scatter, nllLoss and crossEntropy (and its backward) range-check
  // indices inside the module and throw RangeError, so core skips its read-back
  checksIndexBounds: true,
  emptyCache: () => {
    if (isReady()) exports().tm_empty_cache();
  },
  setNumThreads: (n) => setNumThreads(n),
  getNumThreads: () => getNumThreads(),
  memory: () => ({ 0: { allocatedBytes: allocatedBytes(), cachedBytes: isReady() ? exports().tm_cached_bytes() : 0 } }),
  info,
};

torch.backends.registerBackend(wasmBackend);

whenLoaded((l) => {
  setThreads(undefined);
  if (!l.threaded && !isNode && !canThread) {
    console.info(
      "@taimatsu/wasm: running on one thread, as this page is not cross-origin isolated; serve it with the headers " +
        "`Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp` to use worker threads.",
    );
  }
});
if (isNode) initSync();

/**
 * Intra-op threads (also `torch.setNumThreads`): the calling thread and
 * `n - 1` workers, which start at the next kernel (`await ready()` waits for
 * them). The default is the CPUs Node may use (or TAIMATSU_NUM_THREADS), or
 * `navigator.hardwareConcurrency`. Without SharedArrayBuffer (a page that is
 * not cross-origin isolated) the count stays 1.
 */
export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`setNumThreads: expected a positive integer, got ${n}`);
  setThreads(n);
}

export function getNumThreads(): number {
  return threadCount();
}

/**
 * Chooses how unit-stride float convolutions run: "direct" (the default: a
 * tiled kernel, no im2col matrix) or "im2col" (im2col + GEMM). Returns the path now in use.
 */
export function setConv(mode: "direct" | "im2col"): "direct" | "im2col" {
  if (mode !== "direct" && mode !== "im2col") throw new TypeError(`setConv: expected one of "direct", "im2col", got ${typeof mode === "string" ? `"${mode}"` : String(mode)}`);
  return exports().tm_set_conv_direct(mode === "im2col" ? 0 : 1) ? "direct" : "im2col";
}

/**
 * Freed tensor memory over 4 KiB is kept by size class for the next
 * allocation of that size; this hands it back to the module's heap, where
 * any size can reuse it (linear memory itself never shrinks). Returns the bytes released.
 * `torch.backends.emptyCache()` does the same for every backend.
 */
export function emptyCache(): number {
  return exports().tm_empty_cache();
}

/**
 * The module's state: SIMD flavour, threads (the count, the workers
 * running, the chunks of kernels they have run), memory (live tensors, cached blocks, the module's own heap use
 * for scratch space and bookkeeping, linear memory size).
 */
export function info(): Record<string, unknown> {
  if (!isReady()) return { ready: false };
  const m = exports();
  return {
    ready: true,
    simd: cString(m.tm_simd()),
    threaded: loaded().threaded,
    threads: m.tm_num_threads(),
    workers: workerCount(),
    workerChunks: m.tm_worker_chunks(),
    heapBytes: m.tm_heap_bytes(),
    liveBytes: allocatedBytes(),
    cachedBytes: m.tm_cached_bytes(),
    memoryBytes: m.memory.buffer.byteLength,
  };
}
