import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** A device as the driver describes it. */
export interface DeviceInfo {
  name: string;
  major: number;
  minor: number;
  multiprocessors: number;
  totalBytes: number;
}

/** What `probe()` found: the driver library, its version, and the devices (see native/src/addon.cc). */
export interface ProbeResult {
  /** The driver library that was opened ("" when none). */
  library: string;
  /** Libraries tried and why each failed. */
  tried: string[];
  /** Set when no usable driver library was found. */
  error?: string;
  /** cuInit's failure, when the library opened but the driver did not start. */
  initError?: string;
  initCode?: number;
  /** CUDA version the driver supports, as 1000 * major + 10 * minor (13000 is CUDA 13.0). */
  driverVersion?: number;
  devices: DeviceInfo[];
}

/**
 * The addon's functions: a thin layer over the driver API on one stream per
 * device. Addresses are numbers (device pointers fit in 53 bits); every call
 * names its device index.
 */
export interface CudaDriver {
  probe(): ProbeResult;
  openDevice(device: number): void;
  /** An address, or -1 when the device is out of memory. */
  malloc(device: number, bytes: number): number;
  free(device: number, address: number): void;
  /** Tells V8 about device memory taken (positive) or returned (negative), so that collections free unreachable tensors. */
  adjustExternalMemory(deltaBytes: number): number;
  /** [free, total] bytes of the device. */
  memInfo(device: number): [number, number];
  write(device: number, address: number, data: ArrayBufferView): void;
  readSync(device: number, address: number, into: ArrayBufferView): void;
  /** Resolves once the copy, queued after everything before it, has landed in `into`. */
  readAsync(device: number, address: number, into: ArrayBufferView): Promise<void>;
  synchronize(device: number): void;
  synchronizeAsync(device: number): Promise<void>;
  copy(device: number, dst: number, src: number, bytes: number): void;
  memset(device: number, address: number, byte: number, bytes: number): void;
  /** Loads a module (PTX text ending in NUL, or a cubin) on a device; returns its id. */
  loadModule(device: number, image: Uint8Array): number;
  /** A kernel of a loaded module; returns its id for `launch`. */
  getFunction(module: number, name: string): number;
  launch(fn: number, gx: number, gy: number, gz: number, bx: number, by: number, bz: number, shared: number, params: Uint8Array, paramBytes: number): void;
  blasOpen(device: number): { library: string; version?: number; error?: string };
  setAllowTF32(device: number, allow: boolean): void;
  gemm(
    device: number, isDouble: boolean, transA: boolean, transB: boolean, m: number, n: number, k: number,
    a: number, lda: number, strideA: number, b: number, ldb: number, strideB: number, c: number, ldc: number, strideC: number, batch: number,
  ): void;
}

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Where the addon is looked for: TAIMATSU_CUDA_ADDON (one file), else the build folder. */
export function addonPath(): string {
  return process.env.TAIMATSU_CUDA_ADDON ?? join(packageRoot, process.env.TAIMATSU_BUILD_DIR ?? "build", "Release", "taimatsu_cuda.node");
}

/** The addon, or why it cannot be loaded. */
export function loadAddon(path = addonPath()): { driver: CudaDriver } | { error: string } {
  if (!existsSync(path)) {
    return { error: `its native addon is not built (${path} is missing); build it with \`npm rebuild @taimatsu/cuda --foreground-scripts\` (CMake and a C++17 compiler, no CUDA toolkit)` };
  }
  try {
    return { driver: createRequire(import.meta.url)(path) as CudaDriver };
  } catch (e) {
    return { error: `its native addon ${path} does not load here (${(e as Error).message.split("\n")[0]})` };
  }
}

export { packageRoot };
