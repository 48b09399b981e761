/**
 * The Python values an unpickler builds before they become JavaScript values
 * (see to-js.ts). Dicts stay `PyDict` until the end because a Python
 * dict's keys may be ints, tuples or None, and whether it can become a plain
 * object is only known once all its items are in.
 */

/** A `dict` or `collections.OrderedDict`; keys keep their Python types and insertion order. */
export class PyDict {
  readonly items = new Map<unknown, unknown>();
  /** Instance attributes set by BUILD: PyTorch state dicts carry `_metadata` this way. */
  readonly attributes = new Map<string, unknown>();

  constructor(readonly className: "dict" | "collections.OrderedDict" = "dict") {}
}

/** Tuples are frozen arrays, lists ordinary ones, so both read as arrays. */
export function makeTuple(items: unknown[]): readonly unknown[] {
  return Object.freeze(items);
}

export function isTuple(value: unknown): value is readonly unknown[] {
  return Array.isArray(value) && Object.isFrozen(value);
}

/**
 * A Python global that pickled data may call through REDUCE or NEWOBJ. Only
 * the callables a loader hands out as `PyCallable`s can ever run, which is
 * what keeps unpickling from executing anything else.
 */
export class PyCallable {
  constructor(
    /** `module.name`, for error messages. */
    readonly qualifiedName: string,
    private readonly fn: (args: readonly unknown[]) => unknown,
  ) {}

  call(args: readonly unknown[]): unknown {
    return this.fn(args);
  }
}

/** Objects that accept BUILD's state (Python's `__setstate__`). */
export interface PySetState {
  setState(state: unknown): void;
}

export function hasSetState(value: unknown): value is PySetState {
  return typeof value === "object" && value !== null && typeof (value as Partial<PySetState>).setState === "function";
}

/** A short Python-style type name for error messages. */
export function pyTypeName(value: unknown): string {
  if (value === null) return "NoneType";
  if (value === undefined) return "nothing";
  if (value instanceof PyDict) return value.className;
  if (value instanceof PyCallable) return value.qualifiedName;
  if (isTuple(value)) return "tuple";
  if (Array.isArray(value)) return "list";
  if (value instanceof Uint8Array) return "bytes";
  if (value instanceof Set) return "set";
  if (typeof value === "string") return "str";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "bigint" || (typeof value === "number" && Number.isInteger(value))) return "int";
  if (typeof value === "number") return "float";
  return (value as object).constructor?.name ?? typeof value;
}
