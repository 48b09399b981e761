import type { HostArray } from "../dtype.js";
import { bfloat16BitsToFloat32, float16BitsToFloat32 } from "../dtype.js";
import { DeviceError } from "../errors.js";
import { Tensor } from "../tensor.js";
import { installMethods } from "./methods.js";

/**
 * Reading data back to JS. `dataSync`/`item`/`tolist` need a backend with
 * synchronous reads (the CPU ones); `await t.data()` works on every backend.
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
    /** Nested JS arrays of numbers (booleans for bool), like PyTorch's `tolist()`. */
    tolist(): NestedNumbers;
    /** Flat JS numbers in row-major order (half types decoded). */
    toArray(): number[];
    /** Async `tolist()` for backends that only read asynchronously. */
    array(): Promise<NestedNumbers>;
    toString(): string;
  }
}

/** Reads a contiguous copy of `t` when it is strided; the copy is freed at once rather than left to the collector. */
function readSync(t: Tensor): HostArray {
  t.assertAlive("read");
  const alloc = t.storage.backend.allocator;
  if (!alloc.readSync) throw new DeviceError(`dataSync: the ${t.storage.backend.name} backend (${t.device}) reads only asynchronously; use await t.data() or await t.array()`);
  const c = t.contiguous();
  try {
    return alloc.readSync(c.storage.buffer, c.dtype, c.offset, c.numel());
  } finally {
    if (c !== t) c.dispose();
  }
}

async function readAsync(t: Tensor): Promise<HostArray> {
  t.assertAlive("read");
  const c = t.contiguous();
  try {
    return await c.storage.backend.allocator.read(c.storage.buffer, c.dtype, c.offset, c.numel());
  } finally {
    if (c !== t) c.dispose();
  }
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
    values = toNumbers(t, readSync(t));
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
  dataSync() { return readSync(this); },
  async data() { return readAsync(this); },
  item() {
    if (this.numel() !== 1) throw new RangeError(`item: a Tensor with ${this.numel()} elements cannot be converted to Scalar`);
    return toNumbers(this, readSync(this))[0]!;
  },
  tolist() { return nest(this, toNumbers(this, readSync(this))); },
  toArray() { return toNumbers(this, readSync(this)); },
  async array() { return nest(this, toNumbers(this, await readAsync(this))); },
  toString: function (this: Tensor) { return format(this); },
});
(Tensor.prototype as unknown as Record<symbol, unknown>)[Symbol.for("nodejs.util.inspect.custom")] = function (this: Tensor) {
  return format(this);
};
