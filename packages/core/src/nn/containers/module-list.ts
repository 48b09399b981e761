import { Module } from "../module.js";
import { absoluteIndex, sliceRange } from "./index-range.js";

/**
 * A list of submodules (PyTorch's `nn.ModuleList`): registered, so their
 * parameters are found, but with no `forward` of its own.
 *
 * @example
 * ```ts
 * const blocks = new nn.ModuleList([new nn.Linear(4, 4), new nn.Linear(4, 4)]);
 * for (const block of blocks) x = block.call(x);
 * ```
 */
export class ModuleList<M extends Module = Module> extends Module implements Iterable<M> {
  constructor(modules: Iterable<M> = []) {
    super();
    this.extend(modules);
  }

  get length(): number {
    return this.registeredModules().length;
  }

  /** The module at `index` (negative counts from the end). */
  get(index: number): M {
    const list = this.registeredModules();
    return list[absoluteIndex("ModuleList", index, list.length)]![1] as M;
  }

  set(index: number, module: M): void {
    const list = this.registeredModules();
    this.registerModule(list[absoluteIndex("ModuleList", index, list.length)]![0], module);
  }

  /** A new ModuleList over `[start, end)`. */
  slice(start?: number, end?: number): ModuleList<M> {
    const [s, e] = sliceRange(start, end, this.length);
    return new ModuleList([...this].slice(s, e));
  }

  append(module: M): this {
    this.registerModule(String(this.length), module);
    return this;
  }

  extend(modules: Iterable<M>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  /** Inserts before `index`, renumbering the ones after it. */
  insert(index: number, module: M): this {
    const list = [...this];
    const at = index < 0 ? Math.max(index + list.length, 0) : Math.min(index, list.length);
    list.splice(at, 0, module);
    this.#renumber(list);
    return this;
  }

  /** Removes and returns the module at `index` (default: the last), renumbering the rest. */
  pop(index = -1): M {
    const list = [...this];
    const [removed] = list.splice(absoluteIndex("ModuleList", index, list.length), 1);
    this.#renumber(list);
    return removed!;
  }

  #renumber(list: M[]): void {
    for (const [name] of this.registeredModules()) this.unregister(name);
    list.forEach((m, i) => this.registerModule(String(i), m));
  }

  *[Symbol.iterator](): Iterator<M> {
    for (const [, m] of this.registeredModules()) yield m as M;
  }
}
