import { Tensor } from "../../tensor.js";
import { setEntry } from "../../utils/own-entry.js";

/**
 * Splits a checkpoint object into its tensors and a JSON description of
 * everything else, and joins them back. Tensors are named by their path
 * (`optimizer.state.0.exp_avg`) so Python readers see meaningful keys; the
 * JSON replaces each with a reference to that name. JSON has no NaN,
 * Infinity or bigint, so those are tagged too.
 */

const TENSOR = "__tensor__";
const FLOAT = "__float__";
const INT = "__int__";
const DICT = "__dict__";
const MARKERS = new Set([TENSOR, FLOAT, INT, DICT]);

export interface SplitCheckpoint {
  tensors: [string, Tensor][];
  /** JSON text of the structure, with tensor references. */
  structure: string;
}

/** Why a value cannot be saved, or null if it can. */
export function unsupported(value: unknown): string | null {
  if (typeof value === "function") return "a function";
  if (typeof value === "symbol") return "a symbol";
  if (value && typeof value === "object" && !(value instanceof Map) && !Array.isArray(value)) {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const name = (value as object).constructor?.name ?? "object";
      return `a ${name} object${name.endsWith("Module") || "stateDict" in (value as object) ? "; save its stateDict() instead" : ""}`;
    }
  }
  return null;
}

export function splitCheckpoint(root: unknown, op: string): SplitCheckpoint {
  const tensors: [string, Tensor][] = [];
  const used = new Set<string>();
  const nameFor = (path: string[]) => {
    const base = path.length ? path.join(".") : "tensor";
    let name = base;
    for (let i = 1; used.has(name); i++) name = `${base}#${i}`;
    used.add(name);
    return name;
  };
  const seen = new Set<unknown>();
  const encode = (value: unknown, path: string[]): unknown => {
    if (value instanceof Tensor) {
      const name = nameFor(path);
      tensors.push([name, value]);
      return { [TENSOR]: name };
    }
    if (typeof value === "number") return Number.isFinite(value) ? value : { [FLOAT]: String(value) };
    if (typeof value === "bigint") return { [INT]: value.toString() };
    if (value === null || value === undefined || typeof value === "string" || typeof value === "boolean") return value ?? null;
    const why = unsupported(value);
    if (why) throw new TypeError(`${op}: cannot save ${why} (at '${path.join(".") || "<root>"}')`);
    if (seen.has(value)) throw new TypeError(`${op}: the object contains a cycle at '${path.join(".")}'`);
    seen.add(value);
    if (Array.isArray(value)) return value.map((v, i) => encode(v, [...path, String(i)]));
    const entries = value instanceof Map ? [...value].map(([k, v]) => [String(k), v] as const) : Object.entries(value as object);
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) if (v !== undefined) setEntry(out, k, encode(v, [...path, k]));
    seen.delete(value);
    // an object that looks like one of our tags is wrapped, so it loads as itself
    return Object.keys(out).some((k) => MARKERS.has(k)) ? { [DICT]: out } : out;
  };
  const structure = JSON.stringify(encode(root, []));
  return { tensors, structure };
}

export function joinCheckpoint(structure: unknown, tensors: ReadonlyMap<string, Tensor>, missing: (name: string) => never): unknown {
  const decode = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(decode);
    if (value === null || typeof value !== "object") return value;
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length === 1) {
      if (keys[0] === TENSOR) return tensors.get(String(obj[TENSOR])) ?? missing(String(obj[TENSOR]));
      if (keys[0] === FLOAT) return Number(obj[FLOAT]);
      if (keys[0] === INT) return BigInt(String(obj[INT]));
      if (keys[0] === DICT) return decodeEntries(obj[DICT] as Record<string, unknown>);
    }
    return decodeEntries(obj);
  };
  const decodeEntries = (obj: Record<string, unknown>) => Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, decode(v)]));
  return decode(structure);
}

/** A flat name -> tensor map (a state dict), which is stored as a plain safetensors file. */
export function flatTensors(value: unknown): [string, Tensor][] | null {
  if (value instanceof Map) {
    const entries = [...value];
    return entries.every(([k, v]) => typeof k === "string" && v instanceof Tensor) ? (entries as [string, Tensor][]) : null;
  }
  if (!value || typeof value !== "object" || Array.isArray(value) || value instanceof Tensor || unsupported(value)) return null;
  const entries = Object.entries(value);
  return entries.every(([, v]) => v instanceof Tensor) ? (entries as [string, Tensor][]) : null;
}
