import type { Backend, BinaryOp, DeviceBuffer, UnaryOp, View } from "../backend/backend.js";
import { getDefaultDevice, placeOf } from "../backend/registry.js";
import type { Device, DeviceLike } from "../device.js";
import { assertDType, isFloatingPoint, isReducedFloat, itemSize, type DType, type HostArray } from "../dtype.js";
import { DeviceError, DTypeError } from "../errors.js";
import { broadcastStrides, checkShape, contiguousStrides, sameShape, shapeToString, type Shape } from "../shape.js";
import { Storage } from "../storage.js";
import { Tensor } from "../tensor.js";

/**
 * The one place where ops meet backends: device checks, output allocation,
 * views for kernels, and float16/bfloat16 handled by computing in float32.
 *
 * Every op goes through here, so the common case (inputs on one backend, in a
 * dtype it computes in, same shapes) allocates nothing beyond the output.
 */

function mismatch(op: string, first: Tensor, t: Tensor): DeviceError {
  const [a, b] = [first.storage, t.storage];
  // PyTorch's sentence; two backends serving one device type are told apart by name
  const found = a.deviceKey !== b.deviceKey ? `${a.deviceKey} and ${b.deviceKey}` : `${a.deviceKey} (${a.backend.name}) and ${b.deviceKey} (${b.backend.name})`;
  return new DeviceError(
    `${op}: Expected all tensors to be on the same device, but found at least two devices, ${found}! Move them with .to(device) first.`,
  );
}

/** Throws unless `t` is alive and on `first`'s device and backend. */
function checkSame(op: string, first: Tensor, t: Tensor): void {
  t.assertAlive(op);
  if (t.storage.deviceKey !== first.storage.deviceKey || t.storage.backend !== first.storage.backend) throw mismatch(op, first, t);
}

/** The backend all `tensors` live on; mixing devices or backends is an error naming both. */
export function backendOf(op: string, tensors: readonly Tensor[]): { backend: Backend; device: string } {
  const first = tensors[0]!;
  first.assertAlive(op);
  for (const t of tensors) checkSame(op, first, t);
  return { backend: first.storage.backend, device: first.storage.deviceKey };
}

/** `backendOf` for up to three tensors, without building an array or a result object. */
export function commonBackend(op: string, a: Tensor, b?: Tensor, c?: Tensor): Backend {
  a.assertAlive(op);
  if (b) checkSame(op, a, b);
  if (c) checkSame(op, a, c);
  return a.storage.backend;
}

/**
 * The element count of a new `shape` of `dtype`, after checking that the
 * allocation can be made at all: a valid shape and dtype, and a byte count
 * that is exact. Every op allocates through `emptyOn`, so a size that would
 * reach a backend as NaN, negative or rounded raises here instead.
 */
function allocationSize(shape: Shape, dtype: DType): number {
  const n = checkShape("allocate", shape);
  const bytes = n * itemSize(assertDType(dtype, "allocate"));
  if (!Number.isSafeInteger(bytes)) {
    throw new RangeError(`allocate: a tensor of shape ${shapeToString(shape)} and dtype ${dtype} would need ${bytes} bytes, more than any buffer can hold`);
  }
  return n;
}

/** A fresh contiguous tensor of `shape` on the given backend and device; contents unspecified. */
export function emptyOn(backend: Backend, device: Device, shape: Shape, dtype: DType): Tensor {
  const n = allocationSize(shape, dtype);
  if (backend.dtypes !== undefined && !backend.dtypes.includes(dtype)) throw unstorable(backend, device, dtype);
  const storage = new Storage(backend, backend.allocator.allocate(dtype, n, device.index ?? 0), dtype, n, device);
  return new Tensor(storage, [...shape], contiguousStrides(shape), 0);
}

function unstorable(backend: Backend, device: Device, dtype: DType): DTypeError {
  const fallback = isFloatingPoint(dtype) && backend.dtypes!.includes("float32") ? `convert to float32 first (.float()) or ` : "";
  return new DTypeError(
    `the ${backend.name} backend (${device}) cannot store ${dtype}; it stores ${backend.dtypes!.join(", ")}. ` +
      `To compute in ${dtype}, ${fallback}use a device whose backend stores it, e.g. .to("cpu").`,
  );
}

/** Same device and backend as `like`. */
export function emptyLike(like: Tensor, shape: Shape, dtype: DType = like.dtype): Tensor {
  return emptyOn(like.storage.backend, like.storage.device, shape, dtype);
}

/** The backend serving `device` (the default device when undefined) and the device as its tensors report it. */
export function resolveDevice(device: DeviceLike | undefined): { backend: Backend; device: Device } {
  return placeOf(device === undefined ? getDefaultDevice() : device);
}

export function fromHost(data: HostArray, shape: Shape, dtype: DType, device?: DeviceLike): Tensor {
  const { backend, device: place } = resolveDevice(device);
  const t = emptyOn(backend, place, shape, dtype);
  if (data.length > 0) backend.allocator.write(t.storage.buffer, dtype, data, 0, t.storage.deviceIndex);
  return t;
}

/** The tensor's view broadcast to `shape` (stride 0 on broadcast dims); its own view when the shape already fits. */
export function viewAs(t: Tensor, shape: Shape): View {
  const v = t.kernelView;
  if (sameShape(t.shape, shape)) return v;
  return { buffer: v.buffer, dtype: v.dtype, offset: v.offset, shape, strides: broadcastStrides(t.shape, t.strides, shape) };
}

function computeDType(backend: Backend, dtype: DType): DType {
  return isReducedFloat(dtype) && !(backend.computeDTypes ?? []).includes(dtype) ? "float32" : dtype;
}

/** Whether the backend computes in `dtype` itself (no float32 detour). */
function native(backend: Backend, dtype: DType): boolean {
  return !isReducedFloat(dtype) || (backend.computeDTypes ?? []).includes(dtype);
}

/** Casts a half-precision tensor up when the backend cannot compute in it. */
function upcast(backend: Backend, t: Tensor): Tensor {
  const c = computeDType(backend, t.dtype);
  return c === t.dtype ? t : castRaw(t, c);
}

/** Copy with dtype conversion; no autograd. */
export function castRaw(t: Tensor, dtype: DType): Tensor {
  const out = emptyLike(t, t.shape, dtype);
  t.storage.backend.primitives.unary("identity", out.kernelView, t.kernelView);
  return out;
}

/**
 * Runs `kernel` into a new tensor, or into `out` when given (in-place ops),
 * computing in float32 where the backend cannot compute in the half types.
 */
function produce(
  op: string,
  inputs: Tensor[],
  shape: Shape,
  dtype: DType,
  kernel: (backend: Backend, out: View, inputs: Tensor[]) => void,
  out?: Tensor,
): Tensor {
  const { backend } = backendOf(op, out ? [...inputs, out] : inputs);
  const cdtype = computeDType(backend, dtype);
  const ins = inputs.map((t) => upcast(backend, t));
  if (out && cdtype === out.dtype) {
    kernel(backend, out.kernelView, ins);
    out.storage.version++;
    return out;
  }
  const tmp = emptyLike(inputs[0]!, shape, cdtype);
  kernel(backend, tmp.kernelView, ins);
  if (cdtype === dtype && !out) return tmp;
  const target = out ?? emptyLike(inputs[0]!, shape, dtype);
  backend.primitives.unary("identity", target.kernelView, tmp.kernelView);
  if (out) out.storage.version++;
  return target;
}

/** The output of a kernel that computes directly in `dtype`: `out`, or a new tensor on `backend`. */
function target(backend: Backend, like: Tensor, shape: Shape, dtype: DType, out: Tensor | undefined): Tensor {
  return out ?? emptyOn(backend, like.storage.device, shape, dtype);
}

/** Marks an in-place result written. */
function written(t: Tensor, out: Tensor | undefined): Tensor {
  if (out) out.storage.version++;
  return t;
}

export function runUnary(op: UnaryOp, a: Tensor, dtype: DType = a.dtype, out?: Tensor): Tensor {
  const backend = commonBackend(op, a, out);
  if (!native(backend, a.dtype) || !native(backend, dtype) || (out && out.dtype !== dtype)) {
    return produce(op, [a], a.shape, dtype, (b, o, [x]) => b.primitives.unary(op, o, x!.kernelView), out);
  }
  const t = target(backend, a, a.shape, dtype, out);
  backend.primitives.unary(op, t.kernelView, a.kernelView);
  return written(t, out);
}

/** `a` and `b` broadcast to `shape`; comparisons pass dtype "bool". */
export function runBinary(op: BinaryOp, a: Tensor, b: Tensor, shape: Shape, dtype: DType, out?: Tensor): Tensor {
  const backend = commonBackend(op, a, b, out);
  if (!native(backend, a.dtype) || !native(backend, b.dtype) || !native(backend, dtype) || (out && out.dtype !== dtype)) {
    return produce(op, [a, b], shape, dtype, (be, o, [x, y]) => be.primitives.binary(op, o, viewAs(x!, shape), viewAs(y!, shape)), out);
  }
  const t = target(backend, a, shape, dtype, out);
  backend.primitives.binary(op, t.kernelView, viewAs(a, shape), viewAs(b, shape));
  return written(t, out);
}

export function runWhere(cond: Tensor, a: Tensor, b: Tensor, shape: Shape, dtype: DType): Tensor {
  const backend = commonBackend("where", a, b, cond);
  if (!native(backend, a.dtype) || !native(backend, b.dtype) || !native(backend, dtype)) {
    return produce("where", [a, b, cond], shape, dtype, (be, o, [x, y, c]) =>
      be.primitives.where(o, viewAs(c!, shape), viewAs(x!, shape), viewAs(y!, shape)),
    );
  }
  const t = emptyOn(backend, a.storage.device, shape, dtype);
  backend.primitives.where(t.kernelView, viewAs(cond, shape), viewAs(a, shape), viewAs(b, shape));
  return t;
}

export function runFill(out: Tensor, value: number): Tensor {
  out.storage.backend.primitives.fill(out.kernelView, value);
  out.storage.version++;
  return out;
}

// ---- scalar operands ----

/**
 * JS numbers in binary ops and `where` reach kernels as a one-element buffer
 * read through a stride-0 view, instead of as a 0-dim tensor: no Tensor,
 * Storage or scope entry per call. Buffers are never written after their fill,
 * so those of repeated constants (0 in relu, 1, the learning rate) are cached
 * per backend and dtype; past the cache's bound a buffer is freed right after
 * its kernel runs.
 */
const MAX_CACHED_SCALARS = 64;
/** Per backend, per device index, per dtype: value -> buffer. */
const scalarBuffers = new WeakMap<Backend, Map<DType, Map<number, DeviceBuffer>>[]>();

function cachedScalars(backend: Backend, device: number, dtype: DType): Map<number, DeviceBuffer> {
  let byDevice = scalarBuffers.get(backend);
  if (!byDevice) scalarBuffers.set(backend, (byDevice = []));
  const byDType = (byDevice[device] ??= new Map());
  let values = byDType.get(dtype);
  if (!values) byDType.set(dtype, (values = new Map()));
  return values;
}

/** A one-element buffer of `dtype` holding `value` as the backend's fill converts it. */
function scalarBuffer(backend: Backend, device: number, dtype: DType, value: number): DeviceBuffer {
  const buffer = backend.allocator.allocate(dtype, 1, device);
  backend.primitives.fill({ buffer, dtype, shape: [], strides: [], offset: 0 }, value);
  return buffer;
}

/**
 * Calls `run` with a view of `value` in `dtype` broadcast to `shape`, on the
 * device `like` lives on. -0 is never cached: Map keys do not tell it from 0.
 */
function withScalar<T>(like: Tensor, dtype: DType, value: number, shape: Shape, run: (v: View) => T): T {
  const { backend, deviceIndex } = like.storage;
  const cache = cachedScalars(backend, deviceIndex, dtype);
  const cacheable = !Object.is(value, -0);
  let buffer = cacheable ? cache.get(value) : undefined;
  let temporary = false;
  if (!buffer) {
    buffer = scalarBuffer(backend, deviceIndex, dtype, value);
    if (cacheable && cache.size < MAX_CACHED_SCALARS) cache.set(value, buffer);
    else temporary = true;
  }
  try {
    return run({ buffer, dtype, shape, strides: zeroStrides(shape.length), offset: 0 });
  } finally {
    if (temporary) backend.allocator.free(buffer, deviceIndex);
  }
}

/** Frees `backend`'s cached constants, so that tracing tools see every fill an op needs (testing/trace-op.ts). */
export function forgetScalars(backend: Backend): void {
  const byDevice = scalarBuffers.get(backend) ?? [];
  byDevice.forEach((byDType, device) => {
    for (const values of byDType.values()) for (const buffer of values.values()) backend.allocator.free(buffer, device);
  });
  scalarBuffers.delete(backend);
}

const ZERO_STRIDES: number[][] = [];
function zeroStrides(ndim: number): readonly number[] {
  return (ZERO_STRIDES[ndim] ??= new Array<number>(ndim).fill(0));
}

/**
 * Whether `t op value` can take the scalar path: the backend computes in
 * `dtype` and `t` already has it. Otherwise the caller converts the scalar to
 * a tensor and runs the general path.
 */
export function scalarPathFits(t: Tensor, dtype: DType): boolean {
  return t.dtype === dtype && native(t.storage.backend, dtype);
}

/** `t op value` (or `value op t` when `scalarFirst`), both in `t.dtype`; the result in `outDType`. */
export function runBinaryScalar(op: BinaryOp, t: Tensor, value: number, scalarFirst: boolean, outDType: DType): Tensor {
  const backend = commonBackend(op, t);
  const out = emptyOn(backend, t.storage.device, t.shape, outDType);
  withScalar(t, t.dtype, value, t.shape, (s) => {
    const v = t.kernelView;
    backend.primitives.binary(op, out.kernelView, scalarFirst ? s : v, scalarFirst ? v : s);
  });
  return out;
}

/** `where(cond, t, value)`, or `where(cond, value, t)` when `scalarFirst`; `t` is in the result dtype. */
export function runWhereScalar(cond: Tensor, t: Tensor, value: number, scalarFirst: boolean, shape: Shape): Tensor {
  const backend = commonBackend("where", t, cond);
  const out = emptyOn(backend, t.storage.device, shape, t.dtype);
  withScalar(t, t.dtype, value, shape, (s) => {
    const v = viewAs(t, shape);
    backend.primitives.where(out.kernelView, viewAs(cond, shape), scalarFirst ? s : v, scalarFirst ? v : s);
  });
  return out;
}

/**
 * Whether core must check the values of index tensor `t` by reading them
 * back: only where reads are synchronous (elsewhere it cannot) and the
 * backend does not range-check indices itself (`checksIndexBounds`).
 */
export function hostChecksIndices(t: Tensor): boolean {
  const backend = t.storage.backend;
  return !backend.checksIndexBounds && backend.allocator.readSync !== undefined;
}

/** The backend's fused kernel for `op`, if it has one and every input lives on it; null inputs (absent optional tensors) are skipped. */
export function fusedKernel(op: string, inputs: readonly (Tensor | null | undefined)[]) {
  let first: Tensor | null = null;
  for (const t of inputs) {
    if (!t) continue;
    if (first) checkSame(op, first, t);
    else {
      t.assertAlive(op);
      first = t;
    }
  }
  if (!first) throw new TypeError(`${op}: expected at least one tensor`);
  return first.storage.backend.fused?.[op];
}
