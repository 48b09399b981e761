import type { backends, DType, HostArray } from "@taimatsu/core";
import type { CudaDriver, DeviceInfo } from "./driver/addon.js";
import { fused } from "./fused/index.js";
import { binary, fill, unary, where } from "./kernels/elementwise.js";
import { gather, scatter } from "./kernels/index.js";
import { matmul } from "./kernels/matmul.js";
import { argReduce, reduce, scan } from "./kernels/reduce.js";
import { sort } from "./kernels/sort.js";
import { fold2d, unfold2d } from "./kernels/window.js";
import { CudaBuffer, CudaDevice } from "./runtime/device.js";

type View = backends.View;

/** The dtypes the backend stores and computes in (half types are not stored yet). */
export const CUDA_DTYPES: readonly DType[] = ["float32", "float64", "int32", "int64", "uint8", "bool"];

const ITEM: Partial<Record<DType, number>> = { float32: 4, float64: 8, int32: 4, int64: 8, uint8: 1, bool: 1 };

function itemSize(dtype: DType): number {
  const s = ITEM[dtype];
  if (s === undefined) throw new TypeError(`the cuda backend does not store ${dtype}`);
  return s;
}

/** A new host array of the dtype's type (docs/backends.md, Dtypes). */
function hostArray(dtype: DType, numel: number): HostArray {
  switch (dtype) {
    case "float32": return new Float32Array(numel);
    case "float64": return new Float64Array(numel);
    case "int32": return new Int32Array(numel);
    case "int64": return new BigInt64Array(numel);
    default: return new Uint8Array(numel);
  }
}

export interface CudaBackend extends backends.Backend {
  /** The device objects, opened on first use. */
  device(index: number): CudaDevice;
  /** Float32 GEMMs may use TF32 tensor cores (off by default, as PyTorch's matmul). */
  setAllowTF32(allow: boolean): void;
}

/** The backend over a driver (the addon, or a fake in tests) and the devices it found. */
export function createCudaBackend(driver: CudaDriver, devices: readonly DeviceInfo[], details: Record<string, unknown> = {}): CudaBackend {
  const opened: (CudaDevice | undefined)[] = [];
  let allowTF32 = false;
  const dev = (i: number): CudaDevice => {
    let d = opened[i];
    if (!d) {
      d = new CudaDevice(driver, i, devices[i]!);
      if (allowTF32) driver.setAllowTF32(i, true);
      opened[i] = d;
    }
    return d;
  };
  const devOf = (v: View): CudaDevice => dev((v.buffer as CudaBuffer).device);
  const throwDeferred = (d: CudaDevice) => {
    const e = d.takeError();
    if (e) throw e;
  };

  const allocator: backends.Allocator = {
    allocate(dtype, numel, device) {
      const d = dev(device);
      return new CudaBuffer(d.allocator.allocate(numel * itemSize(dtype)), device);
    },
    free(buffer, device) {
      dev(device).allocator.free((buffer as CudaBuffer).block);
    },
    write(buffer, dtype, data, offset, device) {
      driver.write(device, (buffer as CudaBuffer).address + offset * itemSize(dtype), data as ArrayBufferView);
    },
    readSync(buffer, dtype, offset, numel, device) {
      const host = hostArray(dtype, numel);
      const d = dev(device);
      driver.readSync(device, (buffer as CudaBuffer).address + offset * itemSize(dtype), host as ArrayBufferView);
      throwDeferred(d);
      return host;
    },
    async read(buffer, dtype, offset, numel, device) {
      const host = hostArray(dtype, numel);
      const d = dev(device);
      await driver.readAsync(device, (buffer as CudaBuffer).address + offset * itemSize(dtype), host as ArrayBufferView);
      throwDeferred(d);
      return host;
    },
    copy(dst, dstOffset, src, srcOffset, numel, dtype, device) {
      const size = itemSize(dtype);
      driver.copy(device, (dst as CudaBuffer).address + dstOffset * size, (src as CudaBuffer).address + srcOffset * size, numel * size);
    },
  };

  const primitives: backends.PrimitiveKernels = {
    unary: (op, out, a) => unary(devOf(out), op, out, a),
    binary: (op, out, a, b) => binary(devOf(out), op, out, a, b),
    where: (out, cond, a, b) => where(devOf(out), out, cond, a, b),
    fill: (out, value) => fill(devOf(out), out, value),
    reduce: (op, out, a, axes) => reduce(devOf(out), op, out, a, axes),
    argReduce: (op, out, a, axis) => argReduce(devOf(out), op, out, a, axis),
    scan: (op, out, a, axis, indices) => scan(devOf(out), op, out, a, axis, indices),
    sort: (values, indices, a, axis, descending) => sort(devOf(values), values, indices, a, axis, descending),
    matmul: (out, a, b) => matmul(devOf(out), out, a, b),
    gather: (out, src, dim, index) => gather(devOf(out), out, src, dim, index),
    scatter: (out, dim, index, src, mode) => scatter(devOf(out), out, dim, index, src, mode),
    unfold2d: (out, input, window, padValue) => unfold2d(devOf(out), out, input, window, padValue),
    fold2d: (out, cols, window) => fold2d(devOf(out), out, cols, window),
  };

  return {
    name: "cuda",
    deviceType: "cuda",
    priority: 10,
    allocator,
    primitives,
    fused: fused(devOf),
    dtypes: CUDA_DTYPES,
    computeDTypes: CUDA_DTYPES,
    // gather and scatter check every index on the device and report a bad one at the next synchronization
    checksIndexBounds: true,
    deviceCount: () => devices.length,
    async synchronize(device) {
      const indices = device === undefined ? opened.flatMap((d, i) => (d ? [i] : [])) : [device];
      for (const i of indices) {
        await driver.synchronizeAsync(i);
        throwDeferred(dev(i));
      }
    },
    emptyCache() {
      for (const d of opened) d?.allocator.emptyCache();
    },
    memory() {
      const out: Record<number, backends.BackendMemory> = {};
      opened.forEach((d, i) => {
        if (!d) return;
        const s = d.allocator.stats();
        out[i] = { allocatedBytes: s.allocatedBytes, cachedBytes: s.cachedBytes };
      });
      return out;
    },
    info: () => ({
      ...details,
      devices: devices.map((d, i) => ({ ...d, allocator: opened[i]?.allocator.stats(), blas: opened[i]?.blasInfo() ?? undefined })),
      allowTF32,
    }),
    device: dev,
    setAllowTF32(allow) {
      allowTF32 = allow;
      opened.forEach((d, i) => d && driver.setAllowTF32(i, allow));
    },
  };
}
