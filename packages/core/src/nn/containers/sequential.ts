import type { Tensor } from "../../tensor.js";
import { Module } from "../module.js";
import { absoluteIndex, sliceRange } from "./index-range.js";

/**
 * A chain of modules applied in order (PyTorch's `nn.Sequential`). Children
 * are named "0", "1", ... or by the keys of an object/Map, and those names
 * appear in state dicts (`0.weight`).
 *
 * @example
 * ```ts
 * const mlp = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 1));
 * mlp.get(0); // the first Linear
 * mlp.length; // 3
 * const named = new nn.Sequential({ conv: new nn.Conv2d(1, 4, 3), act: new nn.ReLU() });
 * ```
 */
export class Sequential extends Module implements Iterable<Module> {
  constructor(...modules: Module[]);
  constructor(modules: Record<string, Module> | Map<string, Module>);
  constructor(...args: (Module | Record<string, Module> | Map<string, Module>)[]) {
    super();
    const first = args[0];
    if (args.length === 1 && first !== undefined && !(first instanceof Module)) {
      const entries = first instanceof Map ? [...first] : Object.entries(first);
      for (const [name, module] of entries) this.registerModule(name, module);
    } else {
      args.forEach((m, i) => this.registerModule(String(i), m as Module));
    }
  }

  get length(): number {
    return this.registeredModules().length;
  }

  /** The module at `index` (negative counts from the end). */
  get(index: number): Module {
    const list = this.registeredModules();
    return list[absoluteIndex("Sequential", index, list.length)]![1];
  }

  /** Replaces the module at `index`, keeping its name. */
  set(index: number, module: Module): void {
    const list = this.registeredModules();
    this.registerModule(list[absoluteIndex("Sequential", index, list.length)]![0], module);
  }

  /** A new Sequential over `[start, end)` with the same names (Python's `seq[start:end]`). */
  slice(start?: number, end?: number): Sequential {
    const list = this.registeredModules();
    const [s, e] = sliceRange(start, end, list.length);
    return new Sequential(new Map(list.slice(s, e)));
  }

  /** Adds a module at the end, named by its position. */
  append(module: Module): this {
    this.registerModule(String(this.length), module);
    return this;
  }

  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  /** Inserts before `index`, renumbering the ones after it. */
  insert(index: number, module: Module): this {
    const list = this.registeredModules().map(([, m]) => m);
    const at = index < 0 ? Math.max(index + list.length, 0) : Math.min(index, list.length);
    list.splice(at, 0, module);
    this.#renumber(list);
    return this;
  }

  /** Removes the module at `index` and renumbers the rest. */
  delete(index: number): void {
    const list = this.registeredModules().map(([, m]) => m);
    list.splice(absoluteIndex("Sequential", index, list.length), 1);
    this.#renumber(list);
  }

  #renumber(list: Module[]): void {
    for (const [name] of this.registeredModules()) this.unregister(name);
    list.forEach((m, i) => this.registerModule(String(i), m));
  }

  *[Symbol.iterator](): Iterator<Module> {
    for (const [, m] of this.registeredModules()) yield m;
  }

  override forward(input: Tensor): Tensor {
    let x = input;
    for (const module of this) x = module.call(x);
    return x;
  }
}
