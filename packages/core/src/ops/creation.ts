import type { DeviceLike } from "../device.js";
import { assertDType, hostArray, integerLiteralHint, isFloatingPoint, type DType, type HostArray } from "../dtype.js";
import { float32ToBFloat16Bits, float32ToFloat16Bits } from "../dtype.js";
import { setOnesFactory } from "../autograd/engine.js";
import { DTypeError, ShapeError } from "../errors.js";
import { checkArg, checkOptions, describeValue, isPlainObject, type OptionKind } from "../options.js";
import { normalValues, permutationValues, randintValues, uniformValues } from "../random/distributions.js";
import { defaultGenerator, Generator } from "../random/generator.js";
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
    if (!isFloatingPoint(t.dtype)) throw new DTypeError(`requiresGrad: only Tensors of floating point dtype can require gradients (got ${t.dtype})${integerLiteralHint(t.dtype)}`);
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
export function tensor(data: TensorData, tensorOptions?: TensorOptions & { shape?: Shape }): Tensor {
  if (data instanceof Tensor) throw new TypeError("tensor: got a Tensor; use t.clone().detach() to copy it");
  checkArg("tensor", "data", data, { test: (v) => v !== null, expected: "a number, a boolean, nested arrays of them or a typed array" });
  const options = checkOptions<TensorOptions & { shape?: Shape }>("tensor", tensorOptions, { ...TENSOR_OPTIONS, shape: { test: Array.isArray, expected: "an array of integers" } });
  let shape: number[];
  let values: ArrayLike<number | boolean | bigint>;
  let inferred: DType;
  if (ArrayBuffer.isView(data)) {
    const typed = data as unknown as ArrayLike<number> & ArrayBufferView;
    inferred = dtypeOfTyped(typed) ?? defaultDType;
    values = typed;
    shape = options.shape ? arrayShape("tensor", options.shape) : [typed.length];
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
  // whole numbers asked to require grad were meant as floats (JS cannot write 1.0): the default float dtype
  const wanted = options.requiresGrad && (inferred === "int64") && !ArrayBuffer.isView(data) ? defaultDType : inferred;
  const dtype = options.dtype ? assertDType(options.dtype, "tensor") : wanted;
  const host = ArrayBuffer.isView(data) && dtypeOfTyped(data) === dtype ? (data as HostArray) : toHost(values, dtype);
  return finish(fromHost(host, shape, dtype, options.device), options);
}

const TENSOR_OPTIONS: Record<string, OptionKind> = { dtype: "dtype", device: "device", requiresGrad: "boolean" };
const RANDOM_OPTIONS: Record<string, OptionKind> = { ...TENSOR_OPTIONS, generator: { test: (v) => v instanceof Generator, expected: "a torch.Generator" } };

/** A size given as one array or as integers, as PyTorch takes both: `zeros(2, 3)`, `zeros([2, 3])`. */
export type SizeArgs<O> = [Shape, O?] | [...number[], O] | number[];

function checkSize(op: string, shape: readonly unknown[]): number[] {
  for (const d of shape) {
    if (typeof d !== "number") throw new TypeError(`${op}: argument 'size' must be a sequence of integers, but found ${describeValue(d)}`);
  }
  checkShape(op, shape);
  return [...(shape as number[])];
}

/** A count argument (eye's n, randperm's n): a non-negative integer, as PyTorch requires. */
function checkCount(op: string, name: string, value: unknown): void {
  checkArg(op, name, value, "integer");
  if ((value as number) < 0) throw new RangeError(`${op}: ${name} must be greater or equal to 0, got ${value}`);
}

/** The size and options of a call taking `(...size, options?)` or `(size[], options?)`. */
function sizeAndOptions<O extends object>(op: string, args: readonly unknown[], spec: Record<string, OptionKind>): { size: number[]; options: O } {
  const last = args[args.length - 1];
  const hasOptions = isPlainObject(last);
  const rest = hasOptions ? args.slice(0, -1) : args;
  const options = checkOptions<O>(op, hasOptions ? last : undefined, spec);
  if (rest.length === 0) throw new TypeError(`${op}: missing required argument 'size' (an array of integers, or integers)`);
  if (rest.length === 1 && Array.isArray(rest[0])) return { size: checkSize(op, rest[0] as unknown[]), options };
  if (rest.some((a) => Array.isArray(a))) throw new TypeError(`${op}: the size is either one array or integers, not a mix (got ${rest.map(describeValue).join(", ")})`);
  if (!hasOptions && rest.length > 1 && typeof last !== "number") throw new TypeError(`${op}: expected an options object ({ ${Object.keys(spec).join(", ")} }) but got ${describeValue(last)}`);
  return { size: checkSize(op, rest), options };
}

/** The shape of `full`, `tensor({shape})`: one array. */
function arrayShape(op: string, shape: unknown): number[] {
  if (!Array.isArray(shape)) throw new TypeError(`${op}: argument 'size' must be an array of integers, not ${describeValue(shape)}`);
  return checkSize(op, shape);
}

export function full(size: Shape, fillValue: number | boolean, options?: TensorOptions): Tensor {
  const shape = arrayShape("full", size);
  checkArg("full", "fillValue", fillValue, { test: (v) => typeof v === "number" || typeof v === "boolean", expected: "a number or a boolean" });
  const o = checkOptions<TensorOptions>("full", options, TENSOR_OPTIONS);
  const dtype = o.dtype ?? (typeof fillValue === "boolean" ? "bool" : Number.isInteger(fillValue) ? "int64" : defaultDType);
  const { backend, device } = resolveDevice(o.device);
  return finish(runFill(emptyOn(backend, device, shape, dtype), Number(fillValue)), o);
}

/** `torch.empty(2, 3)` / `empty([2, 3], { dtype })`: uninitialised memory. */
export function empty(...args: SizeArgs<TensorOptions>): Tensor {
  const { size, options } = sizeAndOptions<TensorOptions>("empty", args, TENSOR_OPTIONS);
  const { backend, device } = resolveDevice(options.device);
  return finish(emptyOn(backend, device, size, options.dtype ?? defaultDType), options);
}

/** `torch.zeros(2, 3)` / `zeros([2, 3], { dtype })`. */
export function zeros(...args: SizeArgs<TensorOptions>): Tensor {
  const { size, options } = sizeAndOptions<TensorOptions>("zeros", args, TENSOR_OPTIONS);
  return full(size, 0, { ...options, dtype: options.dtype ?? defaultDType });
}

/** `torch.ones(2, 3)` / `ones([2, 3], { dtype })`. */
export function ones(...args: SizeArgs<TensorOptions>): Tensor {
  const { size, options } = sizeAndOptions<TensorOptions>("ones", args, TENSOR_OPTIONS);
  return full(size, 1, { ...options, dtype: options.dtype ?? defaultDType });
}

function likeOptions<O extends TensorOptions>(op: string, t: Tensor, options: unknown, spec = TENSOR_OPTIONS): O {
  checkArg(op, "input", t, { test: (v) => v instanceof Tensor, expected: "a Tensor" });
  const o = checkOptions<O>(op, options, spec);
  return { ...o, dtype: o.dtype ?? t.dtype, device: o.device ?? t.device };
}

export function zerosLike(t: Tensor, options?: TensorOptions): Tensor {
  return zeros(t.shape, likeOptions("zerosLike", t, options));
}
export function onesLike(t: Tensor, options?: TensorOptions): Tensor {
  return ones(t.shape, likeOptions("onesLike", t, options));
}
export function fullLike(t: Tensor, fillValue: number | boolean, options?: TensorOptions): Tensor {
  return full(t.shape, fillValue, likeOptions("fullLike", t, options));
}
export function emptyLikeTensor(t: Tensor, options?: TensorOptions): Tensor {
  return empty(t.shape, likeOptions("emptyLike", t, options));
}

/** A 0-dim tensor holding `value`, on `like`'s device, of `dtype`. */
export function scalarLike(like: Tensor, value: number, dtype: DType): Tensor {
  return runFill(emptyLike(like, [], dtype), value);
}

/** The leading numbers of `args` and a trailing options object, if any. */
function numbersAndOptions(args: readonly unknown[]): { numbers: unknown[]; options: unknown } {
  const last = args[args.length - 1];
  return isPlainObject(last) ? { numbers: args.slice(0, -1), options: last } : { numbers: [...args], options: undefined };
}

/**
 * `torch.arange(end)`, `arange(start, end, step?)`, each with an optional
 * trailing options object. Integer arguments give int64; any fractional one
 * gives the default float dtype.
 */
export function arange(end: number, options?: TensorOptions): Tensor;
export function arange(start: number, end: number, options?: TensorOptions): Tensor;
export function arange(start: number, end: number, step: number, options?: TensorOptions): Tensor;
export function arange(...args: unknown[]): Tensor {
  const { numbers, options } = numbersAndOptions(args);
  // `arange(end, undefined, step)` (end with a step) is read as `arange(0, end, step)`
  if (numbers.length === 3 && numbers[1] === undefined) numbers.splice(0, 2, 0, numbers[0]);
  while (numbers.length > 1 && numbers[numbers.length - 1] === undefined) numbers.pop();
  if (numbers.length === 0) throw new TypeError("arange: missing required argument 'end'");
  if (numbers.length > 3) throw new TypeError(`arange: takes at most 3 numbers (start, end, step) and an options object, got ${describeValue(numbers[3])} after them`);
  numbers.forEach((v, i) => checkArg("arange", numbers.length === 1 ? "end" : ["start", "end", "step"][i]!, v, "number"));
  const o = checkOptions<TensorOptions>("arange", options, TENSOR_OPTIONS);
  let [start, end, step = 1] = numbers as number[];
  if (end === undefined) [start, end] = [0, start!];
  if (![start, end, step].every(Number.isFinite)) throw new RangeError(`arange: unsupported range: ${start} -> ${end} (step ${step})`);
  if (step === 0) throw new RangeError("arange: step must be nonzero");
  if ((end - start!) / step < 0) throw new RangeError(`arange: upper bound and larger bound inconsistent with step sign (start=${start}, end=${end}, step=${step})`);
  const n = Math.max(0, Math.ceil((end - start!) / step));
  if (!Number.isSafeInteger(n)) throw new RangeError(`arange: the range ${start} -> ${end} with step ${step} has too many elements (${n})`);
  const isInt = [start, end, step].every(Number.isInteger);
  const dtype = o.dtype ?? (isInt ? "int64" : defaultDType);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = start! + i * step;
  return finish(fromHost(toHost(values, dtype), [n], dtype, o.device), o);
}

export function linspace(start: number, end: number, steps: number, options?: TensorOptions): Tensor {
  checkArg("linspace", "start", start, "number");
  checkArg("linspace", "end", end, "number");
  checkArg("linspace", "steps", steps, "number");
  const o = checkOptions<TensorOptions>("linspace", options, TENSOR_OPTIONS);
  if (!Number.isSafeInteger(steps) || steps < 0) throw new RangeError(`linspace: number of steps must be a non-negative integer (got ${steps})`);
  const dtype = o.dtype ?? defaultDType;
  // PyTorch computes in the result's precision: float64 in double, the others in float32
  const r = dtype === "float64" ? (v: number) => v : Math.fround;
  const values = new Float64Array(steps);
  const step = steps > 1 ? r((r(end) - r(start)) / (steps - 1)) : 0;
  // fill symmetrically from both ends, as PyTorch does, so the endpoint is exact
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) values[i] = i < half ? r(r(start) + r(step * i)) : r(r(end) - r(step * (steps - 1 - i)));
  return finish(fromHost(toHost(values, dtype), [steps], dtype, o.device), o);
}

/** `torch.eye(n)`, `eye(n, m)`, each with an optional trailing options object. */
export function eye(n: number, options?: TensorOptions): Tensor;
export function eye(n: number, m: number, options?: TensorOptions): Tensor;
export function eye(...args: unknown[]): Tensor {
  const { numbers, options } = numbersAndOptions(args);
  if (numbers.length === 0) throw new TypeError("eye: missing required argument 'n'");
  if (numbers.length > 2) throw new TypeError(`eye: takes n, m and an options object, got ${describeValue(numbers[2])} after them`);
  numbers.forEach((v, i) => checkCount("eye", ["n", "m"][i]!, v));
  const [n, m = n] = numbers as number[];
  const o = checkOptions<TensorOptions>("eye", options, TENSOR_OPTIONS);
  const size = checkSize("eye", [n, m]);
  const values = new Float64Array(numel(size));
  for (let i = 0; i < Math.min(n!, m!); i++) values[i * m! + i] = 1;
  const dtype = o.dtype ?? defaultDType;
  return finish(fromHost(toHost(values, dtype), size, dtype, o.device), o);
}

function randomTensor(size: Shape, options: RandomOptions, dtype: DType, draw: (g: Generator, n: number) => Float64Array): Tensor {
  const values = draw(options.generator ?? defaultGenerator, numel(size));
  return finish(fromHost(toHost(values, dtype), size, dtype, options.device), options);
}

/** Uniform on [0, 1): `torch.rand(2, 3)` / `rand([2, 3], { dtype, generator })`. */
export function rand(...args: SizeArgs<RandomOptions>): Tensor {
  const { size, options } = sizeAndOptions<RandomOptions>("rand", args, RANDOM_OPTIONS);
  const dtype = options.dtype ?? defaultDType;
  return randomTensor(size, options, dtype, (g, n) => uniformValues(g, n, 0, 1, dtype));
}

/** Standard normal: `torch.randn(2, 3)` / `randn([2, 3], { dtype, generator })`. */
export function randn(...args: SizeArgs<RandomOptions>): Tensor {
  const { size, options } = sizeAndOptions<RandomOptions>("randn", args, RANDOM_OPTIONS);
  const dtype = options.dtype ?? defaultDType;
  return randomTensor(size, options, dtype, (g, n) => normalValues(g, n, 0, 1, dtype));
}

/** Integers uniform on [low, high): `randint(high, size, options?)` or `randint(low, high, size, options?)`; the size is an array, as in PyTorch. */
export function randint(high: number, size: Shape, options?: RandomOptions): Tensor;
export function randint(low: number, high: number, size: Shape, options?: RandomOptions): Tensor;
export function randint(...args: unknown[]): Tensor {
  const sizeAt = args.findIndex((a) => Array.isArray(a));
  if (sizeAt < 0) throw new TypeError("randint: missing required argument 'size' (an array of integers): write randint(high, [n]) or randint(low, high, [n])");
  const bounds = args.slice(0, sizeAt);
  if (bounds.length === 0 || bounds.length > 2) throw new TypeError(`randint: takes (high, size) or (low, high, size), got ${bounds.length} number(s) before the size`);
  bounds.forEach((v, i) => checkArg("randint", bounds.length === 1 ? "high" : ["low", "high"][i]!, v, "integer"));
  if (args.length > sizeAt + 2) throw new TypeError(`randint: got ${describeValue(args[sizeAt + 2])} after its options`);
  const [low, high] = bounds.length === 1 ? [0, bounds[0] as number] : (bounds as number[]);
  const size = checkSize("randint", args[sizeAt] as unknown[]);
  const options = checkOptions<RandomOptions>("randint", args[sizeAt + 1], RANDOM_OPTIONS);
  if (high! <= low!) throw new RangeError(`randint: expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
  return randomTensor(size, options, options.dtype ?? "int64", (g, n) => randintValues(g, n, low!, high!));
}

/** A random permutation of 0..n-1, PyTorch's for the same seed. */
export function randperm(n: number, options?: RandomOptions): Tensor {
  checkCount("randperm", "n", n);
  const o = checkOptions<RandomOptions>("randperm", options, RANDOM_OPTIONS);
  const values = permutationValues(o.generator ?? defaultGenerator, n);
  const dtype = o.dtype ?? "int64";
  return finish(fromHost(toHost(values, dtype), [n], dtype, o.device), o);
}

export function randLike(t: Tensor, options?: RandomOptions): Tensor {
  return rand(t.shape, likeOptions("randLike", t, options, RANDOM_OPTIONS));
}
export function randnLike(t: Tensor, options?: RandomOptions): Tensor {
  return randn(t.shape, likeOptions("randnLike", t, options, RANDOM_OPTIONS));
}
/** `randintLike(t, high, options?)` or `randintLike(t, low, high, options?)`. */
export function randintLike(t: Tensor, high: number, options?: RandomOptions): Tensor;
export function randintLike(t: Tensor, low: number, high: number, options?: RandomOptions): Tensor;
export function randintLike(t: Tensor, ...args: unknown[]): Tensor {
  const { numbers, options } = numbersAndOptions(args);
  const o = likeOptions<RandomOptions>("randintLike", t, options, RANDOM_OPTIONS);
  return numbers.length === 1 ? randint(numbers[0] as number, t.shape, o) : randint(numbers[0] as number, numbers[1] as number, t.shape, o);
}

// on the root's own backend: onesLike would pick the preferred backend of its device type
setOnesFactory((t) => runFill(emptyLike(t, t.shape), 1));
