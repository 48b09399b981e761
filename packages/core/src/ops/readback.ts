import type { HostArray } from "../dtype.js";
import { bfloat16BitsToFloat32, float16BitsToFloat32 } from "../dtype.js";
import { DeviceError } from "../errors.js";
import { Tensor } from "../tensor.js";
import { installMethods } from "./methods.js";

/**
 * Reading data back to JS. `dataSync`/`item`/`tolist`/`toArray` need a
 * backend with synchronous reads (the CPU ones); their async forms
 * (`await t.data()`, `await t.itemAsync()`, `await t.array()`) work on every
 * backend, and wait for the kernels queued before them.
 */

export type NestedNumbers = number | boolean | NestedNumbers[];

declare module "../tensor.js" {
  interface Tensor {
    /** Flat typed array of the elements in row-major order (a copy). int64 gives a BigInt64Array. */
    dataSync(): HostArray;
    /** Async read, available on every backend. */
    data(): Promise<HostArray>;
    /** The value of a one-element tensor (PyTorch's `item()`). */
    item(): number;
    /** `item()` on every backend: resolves once the kernels queued before it have run. */
    itemAsync(): Promise<number>;
    /** Nested JS arrays of numbers (booleans for bool), like PyTorch's `tolist()`. */
    tolist(): NestedNumbers;
    /** Flat JS numbers in row-major order (half types decoded). */
    toArray(): number[];
    /** Async `tolist()` for backends that only read asynchronously. */
    array(): Promise<NestedNumbers>;
    toString(): string;
  }
}

/**
 * Reads a contiguous copy of `t` when it is strided; the copy is freed at
 * once rather than left to the collector. On a backend without synchronous
 * reads, the error names `op` and its asynchronous form.
 */
function readSync(t: Tensor, op: string, asyncForm: string): HostArray {
  t.assertAlive(op);
  const { allocator, name } = t.storage.backend;
  if (!allocator.readSync) {
    throw new DeviceError(`${op}: the ${name} backend (${t.device}) reads only asynchronously; use ${asyncForm} instead`);
  }
  const c = t.contiguous();
  try {
    return allocator.readSync(c.storage.buffer, c.dtype, c.offset, c.numel(), c.storage.deviceIndex);
  } finally {
    if (c !== t) c.dispose();
  }
}

async function readAsync(t: Tensor, op: string): Promise<HostArray> {
  t.assertAlive(op);
  const c = t.contiguous();
  try {
    return await c.storage.backend.allocator.read(c.storage.buffer, c.dtype, c.offset, c.numel(), c.storage.deviceIndex);
  } finally {
    if (c !== t) c.dispose();
  }
}

function checkOneElement(t: Tensor, op: string): void {
  if (t.numel() !== 1) throw new RangeError(`${op}: a Tensor with ${t.numel()} elements cannot be converted to Scalar`);
}

function toNumbers(t: Tensor, data: HostArray): number[] {
  if (t.dtype === "float16") return Array.from(data as Uint16Array, float16BitsToFloat32);
  if (t.dtype === "bfloat16") return Array.from(data as Uint16Array, bfloat16BitsToFloat32);
  return Array.from(data as ArrayLike<number | bigint>, Number);
}

function nest(t: Tensor, flat: number[]): NestedNumbers {
  const conv = t.dtype === "bool" ? (v: number) => v !== 0 : (v: number) => v;
  const build = (dim: number, offset: number): NestedNumbers => {
    if (dim === t.ndim) return conv(flat[offset]!);
    const inner = t.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    return Array.from({ length: t.shape[dim]! }, (_, i) => build(dim + 1, offset + i * inner));
  };
  return build(0, 0);
}

/** PyTorch-like printing: `tensor([[1., 2.], [3., 4.]])`. */
function format(t: Tensor): string {
  let values: number[];
  try {
    values = toNumbers(t, readSync(t, "toString", "await t.array()"));
  } catch {
    return `tensor(<${t.shape.join("x")} ${t.dtype} on ${t.device}>)`;
  }
  const isFloat = t.dtype.startsWith("float") || t.dtype === "bfloat16";
  const allInt = values.every((v) => Number.isInteger(v));
  const fmt = (v: number): string => {
    if (t.dtype === "bool") return v ? "True" : "False";
    if (!isFloat) return String(v);
    if (Number.isNaN(v)) return "nan";
    if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
    return allInt ? `${v}.` : v.toFixed(4);
  };
  const strs = values.map(fmt);
  const width = Math.max(0, ...strs.map((s) => s.length));
  const pad = (s: string) => s.padStart(width);
  const build = (dim: number, offset: number, indent: number): string => {
    if (dim === t.ndim) return pad(strs[offset]!);
    const inner = t.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    const parts = Array.from({ length: t.shape[dim]! }, (_, i) => build(dim + 1, offset + i * inner, indent + 1));
    const sep = dim === t.ndim - 1 ? ", " : `,${"\n".repeat(t.ndim - 1 - dim)}${" ".repeat(indent + 1)}`;
    return `[${parts.join(sep)}]`;
  };
  const body = t.ndim === 0 ? strs[0]! : build(0, 0, 7);
  const extras: string[] = [];
  if (t.device.type !== "cpu") extras.push(`device='${t.device}'`);
  const defaultDType = t.dtype === "float32" || t.dtype === "int64" || t.dtype === "bool" || (t.dtype !== "float64" && false);
  if (!defaultDType || (t.numel() === 0 && t.dtype !== "float32")) extras.push(`dtype=torch.${t.dtype}`);
  if (t.gradFn) extras.push(`grad_fn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) extras.push("requires_grad=True");
  return `tensor(${body}${extras.map((e) => `, ${e}`).join("")})`;
}

installMethods({
  dataSync() { return readSync(this, "dataSync", "await t.data()"); },
  async data() { return readAsync(this, "data"); },
  item() {
    checkOneElement(this, "item");
    return toNumbers(this, readSync(this, "item", "await t.itemAsync()"))[0]!;
  },
  async itemAsync() {
    checkOneElement(this, "itemAsync");
    return toNumbers(this, await readAsync(this, "itemAsync"))[0]!;
  },
  tolist() { return nest(this, toNumbers(this, readSync(this, "tolist", "await t.array()"))); },
  toArray() { return toNumbers(this, readSync(this, "toArray", "await t.data()")); },
  async array() { return nest(this, toNumbers(this, await readAsync(this, "array"))); },
  toString: function (this: Tensor) { return format(this); },
});
(Tensor.prototype as unknown as Record<symbol, unknown>)[Symbol.for("nodejs.util.inspect.custom")] = function (this: Tensor) {
  return format(this);
};
