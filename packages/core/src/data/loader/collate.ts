import { hostArray, promoteTypes, type DType, type HostArray } from "../../dtype.js";
import { ShapeError } from "../../errors.js";
import { fromHost } from "../../ops/dispatch.js";
import { Tensor } from "../../tensor.js";

/** The type `defaultCollate` makes from a list of samples of type T. */
export type Collated<T> = T extends Tensor | number | boolean | bigint | ArrayBufferView
  ? Tensor
  : T extends string
    ? string[]
    : T extends readonly unknown[]
      ? { -readonly [K in keyof T]: Collated<T[K]> }
      : T extends object
        ? { [K in keyof T]: Collated<T[K]> }
        : T[];

/**
 * PyTorch's `default_collate`: tensors are stacked along a new first
 * dimension; numbers become an int64 tensor (all integers) or a float64 one;
 * booleans a bool tensor; typed arrays are stacked like tensors; strings stay
 * a list; arrays (tuples) and plain objects are collated element by element.
 */
export function defaultCollate<T>(batch: readonly T[]): Collated<T> {
  return collate(batch as readonly unknown[]) as Collated<T>;
}

function collate(batch: readonly unknown[]): unknown {
  const first = batch[0];
  if (first instanceof Tensor) return stackTensors(batch as Tensor[]);
  if (ArrayBuffer.isView(first)) return stackTensors(batch.map((a) => typedToTensor(a as ArrayBufferView)));
  if (typeof first === "number" || typeof first === "bigint") return numbersToTensor(batch as (number | bigint)[]);
  if (typeof first === "boolean") return fromHost(Uint8Array.from(batch as boolean[], Number), [batch.length], "bool");
  if (typeof first === "string") return [...batch];
  if (Array.isArray(first)) return collateSequences(batch as unknown[][]);
  if (isPlainObject(first)) {
    return Object.fromEntries(Object.keys(first).map((k) => [k, collate(batch.map((s) => (s as Record<string, unknown>)[k]))]));
  }
  throw new TypeError(
    `defaultCollate: batch must contain tensors, typed arrays, numbers, booleans, strings, arrays or plain objects; found ${describe(first)}. ` +
      "Convert samples with a transform (e.g. ToTensor) or pass a collateFn.",
  );
}

function collateSequences(batch: readonly unknown[][]): unknown[] {
  const size = batch[0]!.length;
  if (batch.some((s) => s.length !== size)) throw new ShapeError("defaultCollate: each element in list of batch should be of equal size");
  return Array.from({ length: size }, (_, j) => collate(batch.map((s) => s[j])));
}

/**
 * `torch.stack` for collation, done on host memory: one copy into the batch
 * buffer, no autograd graph (samples are data, not parameters).
 */
export function stackTensors(tensors: readonly Tensor[]): Tensor {
  const first = tensors[0]!;
  const dtype = tensors.reduce<DType>((d, t) => promoteTypes(d, t.dtype), first.dtype);
  const n = first.numel();
  const out = hostArray(dtype, n * tensors.length);
  tensors.forEach((t, i) => {
    if (t.shape.length !== first.shape.length || t.shape.some((d, k) => d !== first.shape[k])) {
      throw new ShapeError(`defaultCollate: stack expects each tensor to be equal size, but got [${first.shape.join(", ")}] at entry 0 and [${t.shape.join(", ")}] at entry ${i}`);
    }
    const data = (t.dtype === dtype ? t : t.to(dtype)).dataSync();
    (out as Float64Array).set(data as unknown as Float64Array, i * n);
  });
  return fromHost(out, [tensors.length, ...first.shape], dtype, first.device);
}

function numbersToTensor(values: readonly (number | bigint)[]): Tensor {
  if (values.every((v) => typeof v === "bigint" || Number.isInteger(v))) {
    return fromHost(BigInt64Array.from(values, (v) => BigInt(v)), [values.length], "int64");
  }
  return fromHost(Float64Array.from(values, Number), [values.length], "float64");
}

const TYPED_DTYPES: [new (...a: never[]) => ArrayBufferView, DType][] = [
  [Float32Array, "float32"], [Float64Array, "float64"], [Int32Array, "int32"], [BigInt64Array, "int64"], [Uint8Array, "uint8"],
];

/** A typed array as a 1-D tensor of its own dtype (numpy arrays in `default_collate`). */
function typedToTensor(a: ArrayBufferView): Tensor {
  const match = TYPED_DTYPES.find(([ctor]) => a instanceof ctor);
  if (!match) throw new TypeError(`defaultCollate: ${a.constructor.name} has no tensor dtype; use Float32Array, Float64Array, Int32Array, BigInt64Array or Uint8Array`);
  const host = a as unknown as HostArray;
  return fromHost(host, [host.length], match[1]);
}

/**
 * PyTorch's `default_convert`, used when automatic batching is off
 * (`batchSize: null`): typed arrays become tensors; the rest is unchanged.
 */
export function defaultConvert<T>(sample: T): unknown {
  if (sample instanceof Tensor) return sample;
  if (ArrayBuffer.isView(sample)) return typedToTensor(sample);
  if (Array.isArray(sample)) return sample.map(defaultConvert);
  if (isPlainObject(sample)) return Object.fromEntries(Object.entries(sample).map(([k, v]) => [k, defaultConvert(v)]));
  return sample;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== "object" || x === null) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

function describe(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  if (typeof x === "object") return `a ${(x as object).constructor?.name ?? "object"}`;
  return `a ${typeof x}`;
}
