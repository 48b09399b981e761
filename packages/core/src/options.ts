import { Device } from "./device.js";
import { DTYPES } from "./dtype.js";

/**
 * Checking the options objects that stand for PyTorch's keyword arguments,
 * so that plain JS callers get PyTorch's TypeErrors instead of a misspelt or
 * mistyped option being ignored: an unknown key, a value of the wrong type,
 * or something other than an object where the options belong.
 */

/** What an option may hold: a kind name, or a predicate with the words for the error. */
export type OptionKind =
  | "boolean"
  | "number"
  | "integer"
  | "string"
  | "dtype"
  | "device"
  | "function"
  | "object"
  | { test: (value: unknown) => boolean; expected: string };

const KINDS: Record<string, { test: (value: unknown) => boolean; expected: string }> = {
  boolean: { test: (v) => typeof v === "boolean", expected: "a boolean" },
  number: { test: (v) => typeof v === "number", expected: "a number" },
  integer: { test: (v) => typeof v === "number" && Number.isSafeInteger(v), expected: "an integer" },
  string: { test: (v) => typeof v === "string", expected: "a string" },
  dtype: { test: (v) => typeof v === "string" && (DTYPES as readonly string[]).includes(v), expected: `a dtype (${DTYPES.join(", ")})` },
  device: { test: (v) => typeof v === "string" || v instanceof Device, expected: 'a device ("cpu", "cuda:0" or a Device)' },
  function: { test: (v) => typeof v === "function", expected: "a function" },
  object: { test: (v) => typeof v === "object" && v !== null, expected: "an object" },
};

/** Words for a value in an error message: its type, and the value itself when short. */
export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return v.constructor && v.constructor !== Object ? `a ${v.constructor.name}` : "an object";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`;
  return `${typeof v} ${String(v)}`;
}

/** Whether `v` is a plain object (an options object, as opposed to a tensor, an array or a class instance). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Returns `options` (an empty object for undefined) after checking it against
 * `spec`: every key must be in `spec`, and every value that is not undefined
 * must be of its kind. `null` is accepted where `nullable` lists the key
 * (PyTorch's `None`).
 */
export function checkOptions<T extends object>(
  op: string,
  options: unknown,
  spec: Record<string, OptionKind>,
  nullable: readonly string[] = [],
): T {
  if (options === undefined) return {} as T;
  if (!isPlainObject(options)) {
    throw new TypeError(`${op}: expected an options object ({ ${Object.keys(spec).join(", ")} }) but got ${describeValue(options)}`);
  }
  for (const [key, value] of Object.entries(options)) {
    const kind = spec[key];
    if (kind === undefined) {
      throw new TypeError(`${op}: got an unexpected keyword argument '${key}'; the options are: ${Object.keys(spec).join(", ") || "none"}`);
    }
    if (value === undefined || (value === null && nullable.includes(key))) continue;
    const check = typeof kind === "string" ? KINDS[kind]! : kind;
    if (!check.test(value)) throw new TypeError(`${op}: argument '${key}' must be ${check.expected}, not ${describeValue(value)}`);
  }
  return options as T;
}

/** A required positional argument: present, and of its kind. */
export function checkArg(op: string, name: string, value: unknown, kind: OptionKind): void {
  if (value === undefined) throw new TypeError(`${op}: missing required argument '${name}'`);
  const check = typeof kind === "string" ? KINDS[kind]! : kind;
  if (!check.test(value)) throw new TypeError(`${op}: argument '${name}' must be ${check.expected}, not ${describeValue(value)}`);
}
