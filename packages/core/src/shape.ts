import { ShapeError } from "./errors.js";
import { isPlainObject } from "./options.js";

export type Shape = readonly number[];

/**
 * Sizes, strides, offsets and element counts must be exact in a JS number
 * (safe integers): past 2^53 arithmetic rounds, and a rounded size would
 * reach a kernel or an allocator as something else than was asked for.
 */
function describe(v: unknown): string {
  return typeof v === "number" || typeof v === "bigint" || typeof v === "boolean" ? String(v) : typeof v === "string" ? JSON.stringify(v) : typeof v;
}

/**
 * Validates a requested shape and returns its element count: every size a
 * non-negative safe integer, and the product exact. Every allocation goes
 * through here (dispatch's `emptyOn`), so no op can hand a backend a NaN,
 * negative or overflowing size.
 */
export function checkShape(op: string, shape: unknown): number {
  if (!Array.isArray(shape)) throw new TypeError(`${op}: expected a size (an array of integers), got ${describe(shape)}`);
  let n = 1;
  for (const d of shape as unknown[]) {
    if (typeof d !== "number") throw new TypeError(`${op}: size must be an array of integers, but got ${describe(d)} in ${describeShape(shape)}`);
    if (!Number.isSafeInteger(d)) throw new ShapeError(`${op}: size ${describeShape(shape)} has a non-integer dimension ${d}`);
    if (d < 0) throw new ShapeError(`${op}: Trying to create tensor with negative dimension ${d}: ${describeShape(shape)}`);
    n *= d;
  }
  if (!Number.isSafeInteger(n)) throw new ShapeError(`${op}: Storage size calculation overflowed with sizes=${describeShape(shape)} (more than 2^53 elements)`);
  return n;
}

function describeShape(shape: readonly unknown[]): string {
  return `[${shape.map(describe).join(", ")}]`;
}

/**
 * Validates a strided view of a storage of `storageNumel` elements before any
 * kernel reads through it (PyTorch's setStorage checks): sizes as in
 * `checkShape`, strides and offset non-negative safe integers, and every
 * element the view can reach (from `offset` up to the last element) inside
 * the storage. Views are made only through the Tensor constructor, which
 * calls this, so no geometry that could touch memory outside its buffer
 * exists.
 */
export function checkViewGeometry(op: string, shape: Shape, strides: readonly number[], offset: number, storageNumel: number): void {
  const n = checkShape(op, shape);
  if (!Array.isArray(strides) || strides.length !== shape.length) {
    throw new ShapeError(`${op}: mismatch in length of strides and shape (sizes ${describeShape(shape)}, strides ${Array.isArray(strides) ? describeShape(strides) : describe(strides)})`);
  }
  for (const s of strides) {
    if (typeof s !== "number" || !Number.isSafeInteger(s)) throw new ShapeError(`${op}: strides must be integers, got strides: ${describeShape(strides)}`);
    if (s < 0) throw new ShapeError(`${op}: Negative strides are not supported at the moment, got strides: ${describeShape(strides)}`);
  }
  if (typeof offset !== "number" || !Number.isSafeInteger(offset) || offset < 0) throw new ShapeError(`${op}: invalid storage offset ${describe(offset)}`);
  if (n === 0) return;
  let last = offset;
  for (let i = 0; i < shape.length; i++) last += (shape[i]! - 1) * strides[i]!;
  if (!Number.isSafeInteger(last) || last >= storageNumel) {
    throw new RangeError(
      `${op}: sizes ${describeShape(shape)}, strides ${describeShape(strides)} and storage offset ${offset} reach element ${last}, ` +
        `out of bounds for a storage of ${storageNumel} elements`,
    );
  }
}

export function numel(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= Math.max(shape[i]!, 1);
  }
  return strides;
}

export function isContiguous(shape: Shape, strides: readonly number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i]!;
    if (d === 0) return true;
    if (d !== 1 && strides[i] !== expected) return false;
    expected *= d;
  }
  return true;
}

/** Whether `strides` are exactly those `contiguousStrides(shape)` gives (size-1 dims included). */
export function hasContiguousStrides(shape: Shape, strides: readonly number[]): boolean {
  if (strides.length !== shape.length) return false;
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (strides[i] !== s) return false;
    s *= Math.max(shape[i]!, 1);
  }
  return true;
}

export function shapeToString(shape: Shape): string {
  return `[${shape.join(", ")}]`;
}

/** Wraps a possibly negative dim into [0, ndim). `op` names the caller in the error. */
export function normalizeDim(op: string, dim: number, ndim: number): number {
  if (typeof dim !== "number") throw dimTypeError(op, dim);
  const rank = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -rank || dim >= rank) {
    throw new RangeError(`${op}: dimension out of range (expected to be in range of [${-rank}, ${rank - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + rank : dim;
}

/**
 * A dim that is not a number: most often PyTorch's keyword call `sum(dim=1)`
 * written as an options object, which these ops take only after the dim.
 */
function dimTypeError(op: string, dim: unknown): TypeError {
  const what = dim === null ? "null" : Array.isArray(dim) ? "an array" : typeof dim;
  const hint = isPlainObject(dim) && "dim" in dim ? `; the dim is a positional argument here, as in ${op}(${JSON.stringify(dim.dim)})` : "";
  return new TypeError(`${op}: argument 'dim' must be an integer or an array of integers, but got ${what}${hint}`);
}

export function normalizeDims(op: string, dims: number | readonly number[] | undefined, ndim: number): number[] {
  if (dims === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof dims === "number" ? [dims] : dims;
  if (!Array.isArray(list)) throw dimTypeError(op, dims);
  const out = list.map((d) => normalizeDim(op, d, ndim));
  if (new Set(out).size !== out.length) throw new RangeError(`${op}: dim ${out.join(", ")} appears multiple times in the list of dims`);
  return out.sort((a, b) => a - b);
}

/** NumPy broadcasting of any number of shapes. */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  const ndim = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(ndim).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const o = ndim - s.length + i;
      const d = s[i]!;
      if (d === out[o] || d === 1) continue;
      if (out[o] === 1) out[o] = d;
      else {
        throw new ShapeError(
          `${op}: shapes ${shapes.map(shapeToString).join(" and ")} cannot be broadcast together ` +
            `(size ${out[o]} vs ${d} at dimension ${o})`,
        );
      }
    }
  }
  return out;
}

/** Strides that view a tensor of `shape`/`strides` as `target` (stride 0 on broadcast dims). */
export function broadcastStrides(shape: Shape, strides: readonly number[], target: Shape): number[] {
  const out = new Array<number>(target.length).fill(0);
  const lead = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) out[lead + i] = shape[i] === 1 && target[lead + i] !== 1 ? 0 : strides[i]!;
  return out;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Resolves a single -1 in a requested shape, as `view`/`reshape` do. */
export function inferShape(op: string, requested: readonly number[], total: number): number[] {
  let inferAt = -1;
  let known = 1;
  requested.forEach((d, i) => {
    if (d === -1) {
      if (inferAt >= 0) throw new ShapeError(`${op}: only one dimension can be inferred`);
      inferAt = i;
    } else if (!Number.isInteger(d) || d < 0) throw new ShapeError(`${op}: invalid shape dimension ${d}`);
    else known *= d;
  });
  const out = [...requested];
  if (inferAt >= 0) {
    if (known === 0 || total % known !== 0) throw new ShapeError(`${op}: shape '${shapeToString(requested)}' is invalid for input of size ${total}`);
    out[inferAt] = total / known;
  } else if (known !== total) {
    throw new ShapeError(`${op}: shape '${shapeToString(requested)}' is invalid for input of size ${total}`);
  }
  return out;
}

/**
 * A list of integers given either as one array or as separate arguments, as
 * PyTorch takes them (`x.view(2, 3)`, `x.view([2, 3])`); `what` names the
 * argument in the TypeError for anything else.
 */
export function intList(op: string, what: string, args: readonly unknown[]): number[] {
  const list = args.length === 1 && Array.isArray(args[0]) ? (args[0] as readonly unknown[]) : args;
  for (const v of list) {
    if (typeof v !== "number" || !Number.isInteger(v)) {
      const got = Array.isArray(v) ? "an array (give one array or integers, not both)" : typeof v === "number" ? `float ${v}` : v === null ? "null" : typeof v;
      throw new TypeError(`${op}: argument '${what}' must be a sequence of integers, but found ${got}`);
    }
  }
  return [...(list as number[])];
}
