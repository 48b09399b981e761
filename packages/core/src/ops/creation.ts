import type { DeviceLike } from "../device.js";
import { assertDType, hostArray, isFloatingPoint, type DType, type HostArray } from "../dtype.js";
import { float32ToBFloat16Bits, float32ToFloat16Bits } from "../dtype.js";
import { setOnesFactory } from "../autograd/engine.js";
import { DTypeError, ShapeError } from "../errors.js";
import { defaultGenerator, type Generator } from "../random/generator.js";
import { checkShape, numel, shapeToString, type Shape } from "../shape.js";
import { Tensor } from "../tensor.js";
import { emptyLike, emptyOn, fromHost, resolveDevice, runFill } from "./dispatch.js";

/** Options shared by creation functions (PyTorch's keyword arguments). */
export interface TensorOptions {
  dtype?: DType;
  device?: DeviceLike;
  requiresGrad?: boolean;
}

export interface RandomOptions extends TensorOptions {
  generator?: Generator;
}

let defaultDType: DType = "float32";

/** `torch.set_default_dtype`: float32 or float64. */
export function setDefaultDType(dtype: DType): void {
  if (dtype !== "float32" && dtype !== "float64") throw new TypeError(`setDefaultDType: only float32 and float64 are supported, got ${dtype}`);
  defaultDType = dtype;
}

export function getDefaultDType(): DType {
  return defaultDType;
}

export type NestedArray = number | boolean | bigint | readonly NestedArray[];
export type TensorData = NestedArray | HostArray | ArrayLike<number>;

function finish(t: Tensor, options: TensorOptions): Tensor {
  if (options.requiresGrad) {
    if (!isFloatingPoint(t.dtype)) throw new DTypeError(`requiresGrad: only Tensors of floating point dtype can require gradients (got ${t.dtype})`);
    t.requiresGrad = true;
  }
  return t;
}

function dtypeOfTyped(data: ArrayBufferView): DType | undefined {
  if (data instanceof Float32Array) return "float32";
  if (data instanceof Float64Array) return "float64";
  if (data instanceof Int32Array) return "int32";
  if (data instanceof BigInt64Array) return "int64";
  if (data instanceof Uint8Array) return "uint8";
  return undefined;
}

/** Numbers, booleans and bigints are the only values a tensor can hold (PyTorch: "Could not infer dtype"). */
function checkElement(x: unknown): void {
  const type = typeof x;
  if (type === "number" || type === "boolean" || type === "bigint") return;
  const what = x === null ? "null" : type === "object" ? (ArrayBuffer.isView(x) ? "a typed array nested in an array" : (x as object).constructor?.name ?? "object") : type;
  throw new TypeError(`tensor: Could not infer dtype of ${what} (${type === "string" ? JSON.stringify(x) : what}): elements must be numbers, booleans or bigints`);
}

/** Shape and flat values of nested arrays, checking that they are rectangular. */
function flatten(data: NestedArray): { shape: number[]; values: (number | boolean | bigint)[] } {
  const shape: number[] = [];
  let probe: NestedArray = data;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0] as NestedArray;
    if (probe === undefined) break;
  }
  const values: (number | boolean | bigint)[] = [];
  const walk = (x: NestedArray, depth: number) => {
    if (depth === shape.length) {
      if (Array.isArray(x)) throw new ShapeError(`tensor: nested arrays are not rectangular (too deep at depth ${depth})`);
      checkElement(x);
      values.push(x as number);
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[depth]) {
      throw new ShapeError(`tensor: expected sequence of length ${shape[depth]} at dim ${depth} (got ${Array.isArray(x) ? x.length : typeof x})`);
    }
    for (const y of x) walk(y, depth + 1);
  };
  walk(data, 0);
  return { shape, values };
}

/** Host array of `dtype` from JS values (numbers, booleans, bigints). */
export function toHost(values: ArrayLike<number | boolean | bigint>, dtype: DType): HostArray {
  const out = hostArray(dtype, values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (dtype === "int64") (out as BigInt64Array)[i] = typeof v === "bigint" ? v : BigInt(Math.trunc(Number(v)));
    else if (dtype === "bool") (out as Uint8Array)[i] = Number(v) !== 0 ? 1 : 0;
    else if (dtype === "float16") (out as Uint16Array)[i] = float32ToFloat16Bits(Number(v));
    else if (dtype === "bfloat16") (out as Uint16Array)[i] = float32ToBFloat16Bits(Number(v));
    else (out as Float64Array)[i] = Number(v);
  }
  return out;
}

/**
 * `torch.tensor`: from nested arrays or a typed array (copied). The dtype is
 * inferred as PyTorch does: bool for booleans, int64 for integers, the
 * default float dtype otherwise; typed arrays keep their own type.
 */
export function tensor(data: TensorData, options: TensorOptions & { shape?: Shape } = {}): Tensor {
  if (data instanceof Tensor) throw new TypeError("tensor: got a Tensor; use t.clone().detach() to copy it");
  let shape: number[];
  let values: ArrayLike<number | boolean | bigint>;
  let inferred: DType;
  if (ArrayBuffer.isView(data)) {
    const typed = data as unknown as ArrayLike<number> & ArrayBufferView;
    inferred = dtypeOfTyped(typed) ?? defaultDType;
    values = typed;
    shape = options.shape ? [...options.shape] : [typed.length];
    checkShape("tensor", shape);
    if (numel(shape) !== typed.length) throw new ShapeError(`tensor: shape ${shapeToString(shape)} does not match ${typed.length} values`);
  } else {
    const flat = flatten(data as NestedArray);
    shape = flat.shape;
    values = flat.values;
    inferred = flat.values.every((v) => typeof v === "boolean")
      ? flat.values.length ? "bool" : defaultDType
      : flat.values.every((v) => typeof v === "bigint" || (typeof v === "number" && Number.isInteger(v)) || typeof v === "boolean")
        ? flat.values.length ? "int64" : defaultDType
        : defaultDType;
  }
  const dtype = options.dtype ? assertDType(options.dtype, "tensor") : inferred;
  const host = ArrayBuffer.isView(data) && dtypeOfTyped(data) === dtype ? (data as HostArray) : toHost(values, dtype);
  return finish(fromHost(host, shape, dtype, options.device), options);
}

/** A count argument (eye's n, randperm's n): a non-negative integer, as PyTorch requires. */
function checkCount(op: string, name: string, value: unknown): void {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) throw new TypeError(`${op}: ${name} must be an integer, got ${String(value)}`);
  if (value < 0) throw new RangeError(`${op}: ${name} must be greater or equal to 0, got ${value}`);
}

/** Normalises `zeros(2, 3)` and `zeros([2, 3])`. */
export type SizeArgs = [Shape] | number[];
function sizeOf(op: string, args: readonly (number | Shape)[]): number[] {
  const shape = args.length === 1 && Array.isArray(args[0]) ? [...(args[0] as Shape)] : (args as number[]);
  checkShape(op, shape);
  return shape;
}

export function full(shape: Shape, value: number | boolean, options: TensorOptions = {}): Tensor {
  if (typeof value !== "number" && typeof value !== "boolean") throw new TypeError(`full: fill value must be a number or a boolean, got ${typeof value}`);
  const dtype = options.dtype ?? (typeof value === "boolean" ? "bool" : Number.isInteger(value) ? "int64" : defaultDType);
  const { backend, device } = resolveDevice(options.device);
  const t = emptyOn(backend, device, sizeOf("full", [shape]), dtype);
  return finish(runFill(t, Number(value)), options);
}

export function empty(shape: Shape, options: TensorOptions = {}): Tensor {
  const { backend, device } = resolveDevice(options.device);
  return finish(emptyOn(backend, device, sizeOf("empty", [shape]), options.dtype ?? defaultDType), options);
}

export function zeros(shape: Shape, options: TensorOptions = {}): Tensor {
  return full(sizeOf("zeros", [shape]), 0, { dtype: defaultDType, ...options });
}

export function ones(shape: Shape, options: TensorOptions = {}): Tensor {
  return full(sizeOf("ones", [shape]), 1, { dtype: defaultDType, ...options });
}

function likeOptions(t: Tensor, options: TensorOptions): TensorOptions {
  return { dtype: t.dtype, device: t.device, ...options };
}

export function zerosLike(t: Tensor, options: TensorOptions = {}): Tensor {
  return zeros(t.shape, likeOptions(t, options));
}
export function onesLike(t: Tensor, options: TensorOptions = {}): Tensor {
  return ones(t.shape, likeOptions(t, options));
}
export function fullLike(t: Tensor, value: number | boolean, options: TensorOptions = {}): Tensor {
  return full(t.shape, value, likeOptions(t, options));
}
export function emptyLikeTensor(t: Tensor, options: TensorOptions = {}): Tensor {
  return empty(t.shape, likeOptions(t, options));
}

/** A 0-dim tensor holding `value`, on `like`'s device, of `dtype`. */
export function scalarLike(like: Tensor, value: number, dtype: DType): Tensor {
  return runFill(emptyLike(like, [], dtype), value);
}

/**
 * `torch.arange(end)`, `arange(start, end, step?)`. Integer arguments give
 * int64; any fractional one gives the default float dtype.
 */
export function arange(start: number, end?: number, step = 1, options: TensorOptions = {}): Tensor {
  if (end === undefined) [start, end] = [0, start];
  for (const v of [start, end, step]) if (typeof v !== "number") throw new TypeError(`arange: start, end and step must be numbers, got ${String(v)}`);
  if (![start, end, step].every(Number.isFinite)) throw new RangeError(`arange: unsupported range: ${start} -> ${end} (step ${step})`);
  if (step === 0) throw new RangeError("arange: step must be nonzero");
  if ((end - start) / step < 0) throw new RangeError(`arange: upper bound and larger bound inconsistent with step sign (start=${start}, end=${end}, step=${step})`);
  const n = Math.max(0, Math.ceil((end - start) / step));
  if (!Number.isSafeInteger(n)) throw new RangeError(`arange: the range ${start} -> ${end} with step ${step} has too many elements (${n})`);
  const isInt = [start, end, step].every(Number.isInteger);
  const dtype = options.dtype ?? (isInt ? "int64" : defaultDType);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = start + i * step;
  return finish(fromHost(toHost(values, dtype), [n], dtype, options.device), options);
}

export function linspace(start: number, end: number, steps: number, options: TensorOptions = {}): Tensor {
  if (typeof start !== "number" || typeof end !== "number") throw new TypeError(`linspace: start and end must be numbers, got ${String(start)} and ${String(end)}`);
  if (!Number.isSafeInteger(steps) || steps < 0) throw new RangeError(`linspace: number of steps must be non-negative (got ${steps})`);
  const dtype = options.dtype ?? defaultDType;
  // PyTorch computes in the result's precision: float64 in double, the others in float32
  const r = dtype === "float64" ? (v: number) => v : Math.fround;
  const values = new Float64Array(steps);
  const step = steps > 1 ? r((r(end) - r(start)) / (steps - 1)) : 0;
  // fill symmetrically from both ends, as PyTorch does, so the endpoint is exact
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) values[i] = i < half ? r(r(start) + r(step * i)) : r(r(end) - r(step * (steps - 1 - i)));
  return finish(fromHost(toHost(values, dtype), [steps], dtype, options.device), options);
}

export function eye(n: number, m: number = n, options: TensorOptions = {}): Tensor {
  checkCount("eye", "n", n);
  checkCount("eye", "m", m);
  const values = new Float64Array(n * m);
  for (let i = 0; i < Math.min(n, m); i++) values[i * m + i] = 1;
  const dtype = options.dtype ?? defaultDType;
  return finish(fromHost(toHost(values, dtype), [n, m], dtype, options.device), options);
}

function randomTensor(op: string, shape: Shape, options: RandomOptions, draw: (g: Generator) => number, dtype: DType): Tensor {
  const g = options.generator ?? defaultGenerator;
  const size = sizeOf(op, [shape]);
  const values = new Float64Array(numel(size));
  for (let i = 0; i < values.length; i++) values[i] = draw(g);
  return finish(fromHost(toHost(values, dtype), size, dtype, options.device), options);
}

/** Uniform on [0, 1). */
export function rand(shape: Shape, options: RandomOptions = {}): Tensor {
  return randomTensor("rand", shape, options, (g) => g.random(), options.dtype ?? defaultDType);
}

/** Standard normal. */
export function randn(shape: Shape, options: RandomOptions = {}): Tensor {
  return randomTensor("randn", shape, options, (g) => g.normal(), options.dtype ?? defaultDType);
}

/** Integers uniform on [low, high); `randint(high, shape)` or `randint(low, high, shape)`. */
export function randint(low: number, high: number | Shape, shape?: Shape | RandomOptions, options: RandomOptions = {}): Tensor {
  if (Array.isArray(high)) {
    options = (shape as RandomOptions) ?? {};
    shape = high as Shape;
    high = low;
    low = 0;
  }
  const hi = high as number;
  if (!Number.isSafeInteger(low) || !Number.isSafeInteger(hi)) throw new TypeError(`randint: low and high must be integers, got ${String(low)} and ${String(hi)}`);
  if (hi <= low) throw new RangeError(`randint: expects 'from' to be less than 'to', but got from=${low} >= to=${hi}`);
  return randomTensor("randint", shape as Shape, options, (g) => g.integer(low, hi), options.dtype ?? "int64");
}

/** A random permutation of 0..n-1 (Fisher-Yates). */
export function randperm(n: number, options: RandomOptions = {}): Tensor {
  checkCount("randperm", "n", n);
  const g = options.generator ?? defaultGenerator;
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = g.integer(0, i + 1);
    [values[i], values[j]] = [values[j]!, values[i]!];
  }
  const dtype = options.dtype ?? "int64";
  return finish(fromHost(toHost(values, dtype), [n], dtype, options.device), options);
}

export function randLike(t: Tensor, options: RandomOptions = {}): Tensor {
  return rand(t.shape, likeOptions(t, options));
}
export function randnLike(t: Tensor, options: RandomOptions = {}): Tensor {
  return randn(t.shape, likeOptions(t, options));
}
export function randintLike(t: Tensor, low: number, high: number, options: RandomOptions = {}): Tensor {
  return randint(low, high, t.shape, likeOptions(t, options));
}

// on the root's own backend: onesLike would pick the preferred backend of its device type
setOnesFactory((t) => runFill(emptyLike(t, t.shape), 1));
