import { backward as runBackward, leafHooks } from "../autograd/engine.js";
import { record } from "../autograd/record.js";
import { placeOf } from "../backend/registry.js";
import { Device, type DeviceLike } from "../device.js";
import { assertDType, DTYPES, integerLiteralHint, isFloatingPoint, type DType, type HostArray } from "../dtype.js";
import { AutogradError, DeviceError, DTypeError } from "../errors.js";
import { Tensor } from "../tensor.js";
import { castRaw, emptyOn } from "./dispatch.js";
import { installMethods } from "./methods.js";

/** Moving between devices and dtypes, copying, and the autograd handles of a tensor. */

export interface ToOptions {
  device?: DeviceLike;
  dtype?: DType;
  /** Always return a new tensor, even when nothing changes. */
  copy?: boolean;
}

declare module "../tensor.js" {
  interface Tensor {
    /** `t.to("cuda")`, `t.to("float64")`, `t.to(other)`, `t.to({device, dtype})`. */
    to(target: DeviceLike | DType | Tensor | ToOptions): Tensor;
    /** `to(device)` for tensors on a backend that reads only asynchronously (webgpu): the copy waits for the read. */
    toAsync(device: DeviceLike): Promise<Tensor>;
    cpu(): Tensor;
    float(): Tensor;
    double(): Tensor;
    half(): Tensor;
    bfloat16(): Tensor;
    int(): Tensor;
    long(): Tensor;
    bool(): Tensor;
    byte(): Tensor;
    type(dtype: DType): Tensor;
    clone(): Tensor;
    detach(): Tensor;
    detach_(): Tensor;
    requiresGrad_(requiresGrad?: boolean): Tensor;
    retainGrad(): void;
    /** Whether `.grad` is kept for this non-leaf tensor. */
    readonly retainsGrad: boolean;
    backward(gradient?: Tensor | null, options?: { retainGraph?: boolean; createGraph?: boolean; inputs?: Tensor[] }): void;
    registerHook(hook: (grad: Tensor) => Tensor | void): { remove(): void };
  }
}

function parseTarget(target: DeviceLike | DType | Tensor | ToOptions): ToOptions {
  if (target instanceof Tensor) return { device: target.device, dtype: target.dtype };
  if (target instanceof Device) return { device: target };
  if (typeof target === "string") return (DTYPES as readonly string[]).includes(target) ? { dtype: target as DType } : { device: target };
  return target;
}

/** Copies a tensor to another device or backend through the host (async-only backends must use `toAsync`). */
function transfer(x: Tensor, to: Placement): Tensor {
  const src = x.contiguous();
  const { allocator, name } = src.storage.backend;
  if (!allocator.readSync) {
    throw new DeviceError(`to: the ${name} backend (${x.device}) reads only asynchronously; use await t.toAsync("${to.device}") instead`);
  }
  return written(allocator.readSync(src.storage.buffer, src.dtype, src.offset, src.numel(), src.storage.deviceIndex), x, to);
}

/** A new tensor at `to` holding host `data` with `like`'s shape and dtype. */
function written(data: HostArray, like: Tensor, to: Placement): Tensor {
  const out = emptyOn(to.backend, to.device, like.shape, like.dtype);
  if (data.length > 0) to.backend.allocator.write(out.storage.buffer, like.dtype, data, 0, out.storage.deviceIndex);
  return out;
}

type Placement = ReturnType<typeof placeOf>;

/**
 * `x` on `like`'s backend and device (differentiably). Two backends may serve
 * the same device type (the reference backend and cpu-native both serve
 * "cpu"), where `to(device)` would pick the preferred one: in-place ops need
 * the written tensor's own backend.
 */
export function toBackendOf(x: Tensor, like: Tensor): Tensor {
  const to: Placement = { backend: like.storage.backend, device: like.storage.device };
  if (isAt(x, to)) return x;
  return record("ToCopyBackward0", [x], transfer(x, to), ([g]) => [toBackendOf(g!, x)]);
}

/** Whether `x` already lives where `to` points. */
function isAt(x: Tensor, to: Placement): boolean {
  return to.device.key === x.storage.deviceKey && to.backend === x.storage.backend;
}

/**
 * The gradient of a copy from `from` to another device: the copy back. On a
 * backend that reads only asynchronously it cannot be made synchronously,
 * which the error explains (create the leaf on the device instead).
 */
function copyBack(from: Device): (grads: (Tensor | null)[]) => Tensor[] {
  return ([g]) => {
    if (!g!.storage.backend.allocator.readSync && !from.equals(g!.device)) {
      throw new DeviceError(
        `ToCopyBackward0: the gradient on ${g!.device} (the ${g!.storage.backend.name} backend, which reads only asynchronously) ` +
          `cannot be copied back to ${from} during backward. Create the tensor that requires grad on ${g!.device} ` +
          `(e.g. torch.randn(shape, { device: "${g!.device}", requiresGrad: true }) or module.to("${g!.device}")) instead of moving it there.`,
      );
    }
    return [g!.to(from)];
  };
}

async function toAsync(x: Tensor, target: DeviceLike): Promise<Tensor> {
  const to = placeOf(target);
  if (isAt(x, to)) return x;
  const src = x.contiguous();
  const data = await src.storage.backend.allocator.read(src.storage.buffer, src.dtype, src.offset, src.numel(), src.storage.deviceIndex);
  return record("ToCopyBackward0", [x], written(data, x, to), copyBack(x.device));
}

function to(x: Tensor, target: DeviceLike | DType | Tensor | ToOptions): Tensor {
  const { device, dtype, copy } = parseTarget(target);
  let out = x;
  if (device !== undefined) {
    const to = placeOf(device);
    if (!isAt(x, to)) out = record("ToCopyBackward0", [x], transfer(x, to), copyBack(x.device));
  }
  if (dtype !== undefined && assertDType(dtype, "to") !== out.dtype) {
    const src = out;
    if (src.requiresGrad && !isFloatingPoint(dtype)) {
      out = castRaw(src, dtype);
    } else {
      out = record("ToCopyBackward0", [src], castRaw(src, dtype), ([g]) => [g!.to(src.dtype)]);
    }
  }
  return copy && out === x ? x.clone() : out;
}

function clone(x: Tensor): Tensor {
  const out = castRaw(x, x.dtype);
  return record("CloneBackward0", [x], out, ([g]) => [g]);
}

function detach(x: Tensor): Tensor {
  return new Tensor(x.storage, x.shape, x.strides, x.offset);
}

const retaining = new WeakSet<Tensor>();

installMethods({
  to(target: DeviceLike | DType | Tensor | ToOptions) { return to(this, target); },
  toAsync(device: DeviceLike) { return toAsync(this, device); },
  cpu() { return to(this, "cpu"); },
  float() { return to(this, "float32"); },
  double() { return to(this, "float64"); },
  half() { return to(this, "float16"); },
  bfloat16() { return to(this, "bfloat16"); },
  int() { return to(this, "int32"); },
  long() { return to(this, "int64"); },
  bool() { return to(this, "bool"); },
  byte() { return to(this, "uint8"); },
  type(dtype: DType) { return to(this, dtype); },
  clone() { return clone(this); },
  detach() { return detach(this); },
  detach_() {
    this.gradFn = null;
    this.requiresGrad = false;
    return this;
  },
  requiresGrad_(requiresGrad = true) {
    if (!this.isLeaf && !requiresGrad) {
      throw new AutogradError("requiresGrad_: you can only change requires_grad flags of leaf variables. Use detach() to get a tensor that does not require grad.");
    }
    if (requiresGrad && !isFloatingPoint(this.dtype)) {
      throw new DTypeError(`requiresGrad_: only Tensors of floating point dtype can require gradients (got ${this.dtype})${integerLiteralHint(this.dtype)}`);
    }
    this.requiresGrad = requiresGrad;
    return this;
  },
  retainGrad() {
    if (!this.requiresGrad) throw new AutogradError("retainGrad: can't retain_grad on Tensor that has requires_grad=False");
    if (this.isLeaf) return;
    retaining.add(this);
    this.gradFn!.retained.set(this.outputIndex, new WeakRef(this));
  },
  backward(gradient?: Tensor | null, o: { retainGraph?: boolean; createGraph?: boolean } = {}) {
    runBackward([this], [gradient], o);
  },
  registerHook(hook: (grad: Tensor) => Tensor | void) {
    if (!this.requiresGrad) throw new AutogradError("registerHook: cannot register a hook on a tensor that doesn't require gradient");
    const list = this.gradFn ? (this.gradFn.hooks.get(this.outputIndex) ?? []) : (leafHooks.get(this) ?? []);
    list.push(hook);
    if (this.gradFn) this.gradFn.hooks.set(this.outputIndex, list);
    else leafHooks.set(this, list);
    return { remove: () => list.splice(list.indexOf(hook), 1) };
  },
});
Object.defineProperty(Tensor.prototype, "retainsGrad", { get(this: Tensor) { return retaining.has(this); } });
