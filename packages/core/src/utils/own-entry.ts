/**
 * Adds `key` to a plain object as an ordinary enumerable entry. Assignment
 * would treat a key named "__proto__" as the prototype setter and drop it
 * (a state dict or checkpoint could then lose an entry, or write a file that
 * cannot be read back); defineProperty never does.
 */
export function setEntry<T>(out: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}
