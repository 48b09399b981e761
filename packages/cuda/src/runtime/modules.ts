import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../driver/addon.js";

/** Where the kernels live: PTX (committed) and cubins per architecture (built where nvcc exists). */
export const kernelsDir = join(packageRoot, "kernels");

/** The module (kernels/src/<module>.cu) that holds a kernel, from its name's prefix. */
export function moduleOf(kernel: string): string {
  const prefix = kernel.slice(0, kernel.indexOf("_"));
  switch (prefix) {
    case "unary": case "binary": case "compare": case "where": case "fill": case "cast": return "elementwise";
    case "reduce": case "argreduce": case "scan": return "reduce";
    case "gather": case "scatter": return "index";
    case "sort": return "sort";
    case "unfold2d": case "fold2d": return "window";
    case "matmul": return "matmul";
    case "sgd": case "adam": return "optim";
    default: throw new Error(`no CUDA module holds kernel ${kernel}`);
  }
}

/**
 * The image to load for a device of compute capability major.minor: the
 * cubin built for its architecture family (sm_90 for 9.0, sm_80 for 8.x) when
 * present, else the PTX, which the driver compiles for the device (and caches).
 */
export function moduleImage(module: string, major: number, minor: number): { image: Uint8Array; kind: string } {
  const arch = major === 9 && minor === 0 ? "sm_90" : major === 8 ? "sm_80" : null;
  if (arch) {
    const cubin = join(kernelsDir, "cubin", arch, `${module}.cubin`);
    if (existsSync(cubin)) return { image: new Uint8Array(readFileSync(cubin)), kind: arch };
  }
  const ptx = readFileSync(join(kernelsDir, "ptx", `${module}.ptx`));
  const image = new Uint8Array(ptx.length + 1); // NUL-terminated text for cuModuleLoadData
  image.set(ptx);
  return { image, kind: "ptx" };
}

/** The PTX ISA version line of the shipped kernels (what the driver must understand). */
export function shippedPtxHeader(): string {
  return readFileSync(join(kernelsDir, "ptx", "elementwise.ptx"), "utf8").slice(0, 2000);
}
