import type { Backend, BinaryOp, UnaryOp, View } from "../backend/backend.js";
import { backendFor, getDefaultDevice } from "../backend/registry.js";
import { Device, type DeviceLike } from "../device.js";
import { isReducedFloat, type DType, type HostArray } from "../dtype.js";
import { DeviceError } from "../errors.js";
import { broadcastStrides, contiguousStrides, numel, type Shape } from "../shape.js";
import { Storage } from "../storage.js";
import { Tensor } from "../tensor.js";

/**
 * The one place where ops meet backends: device checks, output allocation,
 * views for kernels, and float16/bfloat16 handled by computing in float32.
 */

/** The backend all `tensors` live on; mixing devices or backends is an error naming both. */
export function backendOf(op: string, tensors: readonly Tensor[]): { backend: Backend; device: string } {
  const first = tensors[0]!;
  first.assertAlive(op);
  for (const t of tensors) {
    t.assertAlive(op);
    if (t.storage.deviceKey !== first.storage.deviceKey || t.storage.backend !== first.storage.backend) {
      const name = (x: Tensor) => `${x.storage.deviceKey}${x.storage.backend !== first.storage.backend || x === first ? ` (${x.storage.backend.name})` : ""}`;
      throw new DeviceError(
        `${op}: Expected all tensors to be on the same device, but found at least two devices, ${name(first)} and ${name(t)}! ` +
          "Move them with .to(device) first.",
      );
    }
  }
  return { backend: first.storage.backend, device: first.storage.deviceKey };
}

/** A fresh contiguous tensor of `shape` on the given backend; contents unspecified. */
export function emptyOn(backend: Backend, device: string, shape: Shape, dtype: DType): Tensor {
  const n = numel(shape);
  const storage = new Storage(backend, backend.allocator.allocate(dtype, n), dtype, n, device);
  return new Tensor(storage, [...shape], contiguousStrides(shape), 0);
}

/** Same device and backend as `like`. */
export function emptyLike(like: Tensor, shape: Shape, dtype: DType = like.dtype): Tensor {
  return emptyOn(like.storage.backend, like.storage.deviceKey, shape, dtype);
}

export function resolveDevice(device: DeviceLike | undefined): { backend: Backend; device: string } {
  const d = device === undefined ? getDefaultDevice() : Device.parse(device);
  return { backend: backendFor(d), device: d.toString() };
}

export function fromHost(data: HostArray, shape: Shape, dtype: DType, device?: DeviceLike): Tensor {
  const { backend, device: key } = resolveDevice(device);
  const t = emptyOn(backend, key, shape, dtype);
  if (data.length > 0) backend.allocator.write(t.storage.buffer, dtype, data, 0);
  return t;
}

/** The tensor's view broadcast to `shape` (stride 0 on broadcast dims). */
export function viewAs(t: Tensor, shape: Shape): View {
  const v = t.kernelView;
  return { ...v, shape, strides: broadcastStrides(t.shape, t.strides, shape) };
}

function computeDType(backend: Backend, dtype: DType): DType {
  return isReducedFloat(dtype) && !(backend.computeDTypes ?? []).includes(dtype) ? "float32" : dtype;
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

/** Runs `kernel` into a new tensor, or into `out` when given (in-place ops). */
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

export function runUnary(op: UnaryOp, a: Tensor, dtype: DType = a.dtype, out?: Tensor): Tensor {
  return produce(op, [a], a.shape, dtype, (b, o, [x]) => b.primitives.unary(op, o, x!.kernelView), out);
}

/** `a` and `b` broadcast to `shape`; comparisons pass dtype "bool". */
export function runBinary(op: BinaryOp, a: Tensor, b: Tensor, shape: Shape, dtype: DType, out?: Tensor): Tensor {
  return produce(op, [a, b], shape, dtype, (be, o, [x, y]) => be.primitives.binary(op, o, viewAs(x!, shape), viewAs(y!, shape)), out);
}

export function runWhere(cond: Tensor, a: Tensor, b: Tensor, shape: Shape, dtype: DType): Tensor {
  return produce("where", [a, b, cond], shape, dtype, (be, o, [x, y, c]) =>
    be.primitives.where(o, viewAs(c!, shape), viewAs(x!, shape), viewAs(y!, shape)),
  );
}

export function runFill(out: Tensor, value: number): Tensor {
  out.storage.backend.primitives.fill(out.kernelView, value);
  out.storage.version++;
  return out;
}

/** The backend's fused kernel for `op`, if it has one and every input lives on it. */
export function fusedKernel(op: string, inputs: readonly Tensor[]) {
  const { backend } = backendOf(op, inputs);
  return backend.fused?.[op];
}
