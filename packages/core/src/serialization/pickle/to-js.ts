/**
 * Turns unpickled Python values into JavaScript ones:
 *
 * - dict / OrderedDict → a plain object when every key is a str or an int
 *   (ints become their decimal string, as JavaScript property keys do), a
 *   `Map` otherwise. Insertion order is kept, except that JavaScript lists
 *   integer-like keys first. Attributes set on the dict in Python (PyTorch's
 *   `state_dict._metadata`) become non-enumerable properties, so iterating a
 *   state dict sees only its entries.
 * - tuple → frozen array, list → array, set/frozenset → Set, bytes → Uint8Array,
 *   None → null, int → number (bigint beyond 2^53), float → number.
 * - Everything else (tensors) is passed through, or through `leaf` when given.
 *
 * Shared and self-referencing objects stay shared in the result.
 */
import { isTuple, PyDict } from "./values.js";
import { setEntry } from "../../utils/own-entry.js";

export function toJs(value: unknown, leaf: (value: object) => unknown = (v) => v): unknown {
  return new Converter(leaf).convert(value);
}

class Converter {
  private readonly done = new Map<object, unknown>();

  constructor(private readonly leaf: (value: object) => unknown) {}

  convert(value: unknown): unknown {
    if (typeof value !== "object" || value === null) return value;
    const seen = this.done.get(value);
    if (seen !== undefined) return seen;
    if (value instanceof PyDict) return this.dict(value);
    if (Array.isArray(value)) return this.array(value);
    if (value instanceof Set) return this.set(value);
    return this.leaf(value);
  }

  private array(items: readonly unknown[]): readonly unknown[] {
    const out: unknown[] = [];
    this.done.set(items, out);
    for (const item of items) out.push(this.convert(item));
    return isTuple(items) ? Object.freeze(out) : out;
  }

  private set(items: Set<unknown>): Set<unknown> {
    const out = new Set<unknown>();
    this.done.set(items, out);
    for (const item of items) out.add(this.convert(item));
    return out;
  }

  private dict(dict: PyDict): object {
    const keys = [...dict.items.keys()];
    // 1 and "1" are different Python keys but the same property name
    const keysArePropertyNames = keys.every(isPropertyKey) && new Set(keys.map(String)).size === keys.length;
    const out: Record<string, unknown> | Map<unknown, unknown> = keysArePropertyNames ? {} : new Map();
    this.done.set(dict, out);
    for (const [key, value] of dict.items) {
      if (out instanceof Map) out.set(this.convert(key), this.convert(value));
      else setEntry(out, String(key), this.convert(value));
    }
    for (const [name, value] of dict.attributes) {
      if (Object.hasOwn(out, name)) continue;
      Object.defineProperty(out, name, { value: this.convert(value), enumerable: false, writable: true, configurable: true });
    }
    return out;
  }
}

function isPropertyKey(key: unknown): boolean {
  return typeof key === "string" || typeof key === "bigint" || (typeof key === "number" && Number.isInteger(key));
}
