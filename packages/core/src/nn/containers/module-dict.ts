import { Module } from "../module.js";

/**
 * Submodules by name, in insertion order (PyTorch's `nn.ModuleDict`). Keys
 * become state-dict prefixes. Iterating yields the keys, as in Python.
 *
 * @example
 * ```ts
 * const heads = new nn.ModuleDict({ cls: new nn.Linear(8, 10), box: new nn.Linear(8, 4) });
 * heads.get("cls").call(features);
 * ```
 */
export class ModuleDict<M extends Module = Module> extends Module implements Iterable<string> {
  constructor(modules: Record<string, M> | Map<string, M> | Iterable<[string, M]> = {}) {
    super();
    this.update(modules);
  }

  get size(): number {
    return this.registeredModules().length;
  }

  get length(): number {
    return this.size;
  }

  has(key: string): boolean {
    return this.registeredModules().some(([k]) => k === key);
  }

  get(key: string): M {
    const found = this.registeredModules().find(([k]) => k === key);
    if (!found) throw new RangeError(`ModuleDict: no module named '${key}' (keys: ${this.keys().join(", ") || "none"})`);
    return found[1] as M;
  }

  set(key: string, module: M): this {
    this.registerModule(key, module);
    return this;
  }

  /** Removes `key`; returns whether it was present. */
  delete(key: string): boolean {
    if (!this.has(key)) return false;
    this.unregister(key);
    return true;
  }

  /** Removes and returns the module under `key`. */
  pop(key: string): M {
    const m = this.get(key);
    this.unregister(key);
    return m;
  }

  clear(): void {
    for (const key of this.keys()) this.unregister(key);
  }

  /** Adds or replaces entries from an object, Map or list of pairs. */
  update(modules: Record<string, M> | Map<string, M> | Iterable<[string, M]>): this {
    const entries =
      modules instanceof ModuleDict ? modules.entries()
      : modules instanceof Map || Symbol.iterator in modules ? [...(modules as Iterable<[string, M]>)]
      : Object.entries(modules);
    for (const [key, m] of entries) this.registerModule(key, m);
    return this;
  }

  keys(): string[] {
    return this.registeredModules().map(([k]) => k);
  }

  values(): M[] {
    return this.registeredModules().map(([, m]) => m as M);
  }

  entries(): [string, M][] {
    return this.registeredModules() as [string, M][];
  }

  /** Python's `items()`. */
  items(): [string, M][] {
    return this.entries();
  }

  *[Symbol.iterator](): Iterator<string> {
    yield* this.keys();
  }
}
