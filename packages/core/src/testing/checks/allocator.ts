import type { Allocator, DeviceBuffer } from "../../backend/backend.js";
import { hostArray, type DType, type HostArray } from "../../dtype.js";
import type { ConformanceCase, SuiteContext } from "../case.js";
import { Mismatches } from "../compare.js";

/**
 * The allocator contract (backend.ts): write/read/readSync/copy move exact
 * bits at element offsets, never touch elements outside the range, return
 * the host array type of the dtype, and cope with empty buffers. Values
 * include the edge cases each dtype must carry unchanged.
 */
export function allocatorCases(ctx: SuiteContext): ConformanceCase[] {
  // the last device: an allocator that ignores the index it is given fails where that matters
  const backend = ctx.target.backend;
  const a = onDevice(backend.allocator, Math.max(0, (backend.deviceCount?.() ?? 1) - 1));
  return ctx.dtypes.flatMap((dtype) => [
    { path: ["allocator"], name: `write, read and readSync at an offset ${dtype}`, run: () => roundTrip(a, dtype) },
    { path: ["allocator"], name: `copy between buffers at offsets ${dtype}`, run: () => copyRange(a, dtype) },
    { path: ["allocator"], name: `empty buffers ${dtype}`, run: () => empty(a, dtype) },
  ]);
}

/** The allocator's calls on one device. */
interface DeviceAllocator {
  allocate(dtype: DType, numel: number): DeviceBuffer;
  free(buffer: DeviceBuffer): void;
  write(buffer: DeviceBuffer, dtype: DType, data: HostArray, offset: number): void;
  read(buffer: DeviceBuffer, dtype: DType, offset: number, numel: number): Promise<HostArray>;
  readSync?(buffer: DeviceBuffer, dtype: DType, offset: number, numel: number): HostArray;
  copy(dst: DeviceBuffer, dstOffset: number, src: DeviceBuffer, srcOffset: number, numel: number, dtype: DType): void;
}

function onDevice(a: Allocator, device: number): DeviceAllocator {
  const readSync = a.readSync?.bind(a);
  return {
    allocate: (dtype, numel) => a.allocate(dtype, numel, device),
    free: (buffer) => a.free(buffer, device),
    write: (buffer, dtype, data, offset) => a.write(buffer, dtype, data, offset, device),
    read: (buffer, dtype, offset, numel) => a.read(buffer, dtype, offset, numel, device),
    readSync: readSync && ((buffer, dtype, offset, numel) => readSync(buffer, dtype, offset, numel, device)),
    copy: (dst, dstOffset, src, srcOffset, numel, dtype) => a.copy(dst, dstOffset, src, srcOffset, numel, dtype, device),
  };
}

/** Values each dtype must store exactly (half types as bit patterns: zeros, one, infinities, NaN, subnormal, max). */
function specimens(dtype: DType): HostArray {
  switch (dtype) {
    case "float32": return Float32Array.of(0, -0, 1.5, -2.25, NaN, Infinity, -Infinity, 1e-40, 3.4e38);
    case "float64": return Float64Array.of(0, -0, 1.5, -2.25, NaN, Infinity, -Infinity, 5e-324, 1.7e308, 0.1);
    case "float16": return Uint16Array.of(0x0000, 0x8000, 0x3c00, 0x7c00, 0xfc00, 0x7e00, 0x0001, 0x7bff);
    case "bfloat16": return Uint16Array.of(0x0000, 0x8000, 0x3f80, 0x7f80, 0xff80, 0x7fc0, 0x0001, 0x7f7f);
    case "int32": return Int32Array.of(0, 1, -1, 2147483647, -2147483648, 123456);
    // exact through 2^53, the range the reference backend keeps int64 in
    case "int64": return BigInt64Array.of(0n, 1n, -1n, 2n ** 52n, -(2n ** 52n), 9007199254740991n, -9007199254740991n);
    case "uint8": return Uint8Array.of(0, 1, 127, 128, 255);
    case "bool": return Uint8Array.of(0, 1, 1, 0);
  }
}

function filler(dtype: DType, n: number): HostArray {
  const out = hostArray(dtype, n);
  // a value distinct from every specimen: 42, or for bool (which has only two) 1
  if (dtype === "int64") (out as BigInt64Array).fill(42n);
  else if (dtype === "float16") (out as Uint16Array).fill(0x5140);
  else if (dtype === "bfloat16") (out as Uint16Array).fill(0x4228);
  else (out as Uint8Array).fill(dtype === "bool" ? 1 : 42);
  return out;
}

function sameElement(a: unknown, b: unknown): boolean {
  return Object.is(a, b) || (typeof a === "number" && typeof b === "number" && Number.isNaN(a) && Number.isNaN(b));
}

function checkArray(m: Mismatches, what: string, dtype: DType, got: HostArray, want: ArrayLike<unknown>): void {
  const type = hostArray(dtype, 0).constructor;
  if (got.constructor !== type) m.add(`${what}: returned ${got.constructor.name}, expected ${type.name} for ${dtype}`);
  if (got.length !== want.length) {
    m.add(`${what}: returned ${got.length} elements, expected ${want.length}`);
    return;
  }
  for (let i = 0; i < want.length; i++) {
    if (!sameElement(got[i], want[i])) {
      m.add(`${what}: element ${i} is ${String(got[i])}, expected ${String(want[i])}`);
      return;
    }
  }
}

async function readBoth(m: Mismatches, a: DeviceAllocator, what: string, buf: DeviceBuffer, dtype: DType, offset: number, want: ArrayLike<unknown>): Promise<void> {
  checkArray(m, `read ${what}`, dtype, await a.read(buf, dtype, offset, want.length), want);
  if (a.readSync) checkArray(m, `readSync ${what}`, dtype, a.readSync(buf, dtype, offset, want.length), want);
}

async function roundTrip(a: DeviceAllocator, dtype: DType): Promise<void> {
  const m = new Mismatches();
  const data = specimens(dtype);
  const n = data.length;
  const buf = a.allocate(dtype, n + 5);
  a.write(buf, dtype, filler(dtype, n + 5), 0);
  a.write(buf, dtype, data, 2);
  await readBoth(m, a, "of the written range", buf, dtype, 2, data);
  await readBoth(m, a, "of a sub-range", buf, dtype, 3, Array.from(data as ArrayLike<unknown>).slice(1, n - 1));
  const fill = filler(dtype, 1)[0];
  await readBoth(m, a, "around the written range", buf, dtype, 0, [fill, fill]);
  await readBoth(m, a, "after the written range", buf, dtype, n + 2, [fill, fill, fill]);
  a.free(buf);
  m.throwIfAny(`allocator round trip ${dtype}`);
}

async function copyRange(a: DeviceAllocator, dtype: DType): Promise<void> {
  const m = new Mismatches();
  const data = specimens(dtype);
  const n = data.length;
  const src = a.allocate(dtype, n);
  a.write(src, dtype, data, 0);
  const dst = a.allocate(dtype, n + 4);
  a.write(dst, dtype, filler(dtype, n + 4), 0);
  // elements 1..n-1 of src land at 2..n of dst
  a.copy(dst, 2, src, 1, n - 1, dtype);
  const fill = filler(dtype, 1)[0];
  const want = [fill, fill, ...Array.from(data as ArrayLike<unknown>).slice(1), fill, fill, fill];
  await readBoth(m, a, "after copy", dst, dtype, 0, want);
  await readBoth(m, a, "of the copy's source", src, dtype, 0, data);
  a.free(src);
  a.free(dst);
  m.throwIfAny(`allocator copy ${dtype}`);
}

async function empty(a: DeviceAllocator, dtype: DType): Promise<void> {
  const m = new Mismatches();
  const buf = a.allocate(dtype, 0);
  a.write(buf, dtype, hostArray(dtype, 0), 0);
  await readBoth(m, a, "of an empty buffer", buf, dtype, 0, []);
  const other = a.allocate(dtype, 0);
  a.copy(other, 0, buf, 0, 0, dtype);
  a.free(buf);
  a.free(other);
  m.throwIfAny(`allocator empty ${dtype}`);
}
