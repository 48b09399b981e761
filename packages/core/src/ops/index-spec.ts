import { DTypeError } from "../errors.js";
import { Tensor } from "../tensor.js";
import { tensor } from "./creation.js";

/**
 * What `x.index(...)` and `x.set(...)` accept, checked one item at a time so
 * that nothing is ignored: every item is recognised or named in a TypeError.
 */

/** `{start, end, step}` slice (Python's `start:end:step`); omitted bounds mean the whole range. */
export interface SliceSpec {
  start?: number | null;
  end?: number | null;
  step?: number | null;
}

/** Nested JS arrays of integers or booleans, taken as an int64 or bool index tensor (`x[[0, 2]]`). */
export type IndexList = readonly (number | boolean | IndexList)[];

/**
 * One item of an index, as in Python's `x[...]`: a number selects (and drops
 * the dim), a SliceSpec slices, `null` adds an axis (`None`), `"..."` is the
 * ellipsis, an int64/int32 tensor or a bool/uint8 mask (or a nested array of
 * them) is an advanced index, and `true`/`false` adds an axis of size 1/0.
 */
export type IndexSpec = number | boolean | SliceSpec | null | "..." | Tensor | IndexList;

/** `torch.slice(start, end, step)` builds a SliceSpec for `index`, like Python's `start:end:step`. */
export function slice(start: number | null = null, end: number | null = null, step = 1): SliceSpec {
  return { start, end, step };
}

/** A checked index item: the kinds the indexer works with. */
export type IndexItem =
  | { kind: "int"; value: number }
  | { kind: "slice"; start: number | null; end: number | null; step: number }
  | { kind: "newaxis" }
  | { kind: "ellipsis" }
  | { kind: "bool"; value: boolean }
  | { kind: "tensor"; tensor: Tensor; mask: boolean };

const SLICE_KEYS = new Set(["start", "end", "step"]);

function describe(v: unknown): string {
  if (v === undefined) return "undefined";
  if (typeof v === "number") return Number.isInteger(v) ? `${v}` : `float ${v}`;
  if (typeof v === "string") return `string ${JSON.stringify(v)}`;
  if (typeof v === "object" && v !== null) return v.constructor && v.constructor !== Object ? v.constructor.name : "object";
  return typeof v;
}

function invalid(op: string, position: number, v: unknown, why = ""): TypeError {
  return new TypeError(
    `${op}: index ${position} is ${describe(v)}${why}; only integers, slices (torch.slice or {start, end, step}), ` +
      `"..." (ellipsis), null (new axis), booleans and int64/int32/bool tensors (or arrays of integers or booleans) are valid indices`,
  );
}

function sliceBound(op: string, position: number, key: string, v: unknown): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(`${op}: slice ${key} at index ${position} must be an integer or null (got ${describe(v)})`);
  return v;
}

function parseSlice(op: string, position: number, spec: Record<string, unknown>): IndexItem {
  for (const key of Object.keys(spec)) {
    if (!SLICE_KEYS.has(key)) throw new TypeError(`${op}: unknown slice key "${key}" at index ${position}; a slice has start, end and step`);
  }
  const step = sliceBound(op, position, "step", spec.step) ?? 1;
  if (step <= 0) throw new RangeError(`${op}: slice step must be greater than zero (got ${step} at index ${position}); use flip() to reverse`);
  return { kind: "slice", start: sliceBound(op, position, "start", spec.start), end: sliceBound(op, position, "end", spec.end), step };
}

/** The leaves of a nested array, checked to be all integers or all booleans. */
function listTensor(op: string, position: number, list: IndexList): Tensor {
  const leaves: unknown[] = [];
  const walk = (v: unknown) => (Array.isArray(v) ? v.forEach(walk) : leaves.push(v));
  walk(list);
  const bools = leaves.length > 0 && leaves.every((v) => typeof v === "boolean");
  if (!bools && !leaves.every((v) => typeof v === "number" && Number.isInteger(v))) {
    throw invalid(op, position, list, " holding something other than integers or booleans (a list index must be all integers or all booleans)");
  }
  return tensor(list as never, { dtype: bools ? "bool" : "int64" });
}

function tensorItem(op: string, position: number, t: Tensor): IndexItem {
  if (t.dtype === "bool" || t.dtype === "uint8") return { kind: "tensor", tensor: t, mask: true };
  if (t.dtype === "int64" || t.dtype === "int32") return { kind: "tensor", tensor: t, mask: false };
  throw new DTypeError(`${op}: tensors used as indices must be int64, int32, bool or uint8 tensors (index ${position} is ${t.dtype}); convert it with .long() or compare it to get a mask`);
}

/** Checks each item of an index and names the first it cannot take. */
export function parseIndex(op: string, specs: readonly unknown[]): IndexItem[] {
  const items = specs.map((spec, position): IndexItem => {
    if (spec === null) return { kind: "newaxis" };
    if (spec === "...") return { kind: "ellipsis" };
    if (typeof spec === "boolean") return { kind: "bool", value: spec };
    if (typeof spec === "number") {
      if (!Number.isInteger(spec)) throw invalid(op, position, spec);
      return { kind: "int", value: spec };
    }
    if (spec instanceof Tensor) return tensorItem(op, position, spec);
    if (Array.isArray(spec)) return tensorItem(op, position, listTensor(op, position, spec));
    if (typeof spec === "object" && Object.getPrototypeOf(spec) === Object.prototype) return parseSlice(op, position, spec as Record<string, unknown>);
    throw invalid(op, position, spec);
  });
  if (items.filter((i) => i.kind === "ellipsis").length > 1) throw new TypeError(`${op}: an index can only have a single ellipsis ("...")`);
  return items;
}
