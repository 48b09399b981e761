import { noGrad } from "../autograd/grad-mode.js";
import { clearGrad } from "../autograd/grad-slot.js";
import { Device, type DeviceLike } from "../device.js";
import { DTYPES, isFloatingPoint, type DType } from "../dtype.js";
import { TaimatsuError } from "../errors.js";
import { keep } from "../scope.js";
import { sameShape } from "../shape.js";
import { Tensor } from "../tensor.js";
import { HookList, type RemovableHandle } from "./hooks.js";
import { formatModule } from "./module-repr.js";
import { Parameter } from "./parameter.js";
import { setEntry } from "../utils/own-entry.js";
import {
  missingKeysMessage, sizeMismatchMessage, StateDictError, torchSize, unexpectedKeysMessage,
} from "./state-dict-error.js";

/** A flat map from dotted names (`layer1.0.bn1.running_mean`) to tensors, as `state_dict()` returns. */
export type StateDict = Record<string, Tensor>;

/** Runs before `forward`; may return a replacement argument list. */
export type ForwardPreHook<M extends Module = Module> = (module: M, args: unknown[]) => unknown[] | void;
/** Runs after `forward`; may return a replacement output. */
export type ForwardHook<M extends Module = Module> = (module: M, args: unknown[], output: unknown) => unknown;

/** What `loadStateDict` reports (PyTorch's `_IncompatibleKeys`). */
export interface IncompatibleKeys {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/** Where `Module.to` moves parameters and buffers. */
export interface ModuleToOptions {
  device?: DeviceLike;
  dtype?: DType;
}

type Slot = "parameter" | "buffer" | "module";

/**
 * Base class for all neural network modules (PyTorch's `nn.Module`).
 *
 * Parameters and submodules are registered by assigning them to properties,
 * as in PyTorch: every own enumerable property holding an `nn.Parameter` or a
 * `Module` is discovered, in assignment order. Buffers (running statistics)
 * need `registerBuffer`; names that must differ from a TypeScript-style
 * property name in state dicts use `registerParameter`/`registerModule`.
 * Assigning `null` to a registered name removes it from `parameters()` and
 * `stateDict()`, like PyTorch's `None`.
 *
 * Override `forward`; call the module with `call(...)` (PyTorch's
 * `module(x)`), which also runs the forward hooks.
 *
 * @example
 * ```ts
 * class Net extends nn.Module {
 *   fc1 = new nn.Linear(4, 8);
 *   fc2 = new nn.Linear(8, 2);
 *   override forward(x: torch.Tensor): torch.Tensor {
 *     return this.fc2.call(this.fc1.call(x).relu());
 *   }
 * }
 * const net = new Net();
 * const y = net.call(torch.randn([5, 4]));
 * Object.keys(net.stateDict()); // ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]
 * ```
 */
export class Module {
  /** Training or evaluation mode; set with `train()` / `eval()`. */
  training = true;
  readonly #slots = new Map<string, Slot>();
  readonly #nonPersistent = new Set<string>();
  readonly #preHooks = new HookList<ForwardPreHook<any>>();
  readonly #hooks = new HookList<ForwardHook<any>>();

  /** The computation. Subclasses override it; call the module through `call`. */
  forward(..._args: any[]): any {
    throw new TaimatsuError(`Module [${this.constructor.name}] is missing the required "forward" function`);
  }

  /** PyTorch's `module(...args)`: forward pre-hooks, `forward`, then forward hooks. */
  call(...args: Parameters<this["forward"]>): ReturnType<this["forward"]> {
    let input: unknown[] = args;
    // most modules have no hooks: skip the snapshots the hook loops take
    if (this.#preHooks.size > 0) {
      for (const hook of this.#preHooks.values()) {
        const replaced = hook(this, input);
        if (replaced !== undefined) input = replaced;
      }
    }
    let output: unknown = this.forward(...input);
    if (this.#hooks.size > 0) {
      for (const hook of this.#hooks.values()) {
        const replaced = hook(this, input, output);
        if (replaced !== undefined) output = replaced;
      }
    }
    return output as ReturnType<this["forward"]>;
  }

  /** `hook(module, args)` runs before every `call`; returning an array replaces the arguments. */
  registerForwardPreHook(hook: ForwardPreHook<this>, options: { prepend?: boolean } = {}): RemovableHandle {
    return this.#preHooks.add(hook, options);
  }

  /** `hook(module, args, output)` runs after every `call`; returning a value replaces the output. */
  registerForwardHook(hook: ForwardHook<this>, options: { prepend?: boolean } = {}): RemovableHandle {
    return this.#hooks.add(hook, options);
  }

  // ---- registration ----

  /** Adds a parameter under an explicit name (also readable as `module[name]`). `null` registers an absent parameter. */
  registerParameter(name: string, param: Parameter | null): void {
    if (param !== null && !(param instanceof Parameter)) {
      throw new TypeError(`${this.constructor.name}.registerParameter: cannot assign a ${describe(param)} as parameter '${name}' (nn.Parameter or null required)`);
    }
    this.#register("parameter", name, param);
  }

  /**
   * Adds a buffer: state that is not trained but belongs in `stateDict()`
   * (unless `persistent: false`) and moves with `to()`. The tensor survives
   * `torch.scope`.
   */
  registerBuffer(name: string, tensor: Tensor | null, options: { persistent?: boolean } = {}): void {
    if (tensor !== null && !(tensor instanceof Tensor)) {
      throw new TypeError(`${this.constructor.name}.registerBuffer: cannot assign a ${describe(tensor)} as buffer '${name}' (Tensor or null required)`);
    }
    this.#register("buffer", name, tensor === null ? null : keep(tensor));
    if (options.persistent === false) this.#nonPersistent.add(name);
    else this.#nonPersistent.delete(name);
  }

  /** Adds a submodule under an explicit name (PyTorch's `add_module`). */
  registerModule(name: string, module: Module | null): void {
    if (module !== null && !(module instanceof Module)) {
      throw new TypeError(`${this.constructor.name}.registerModule: ${describe(module)} is not a Module subclass (module '${name}')`);
    }
    this.#register("module", name, module);
  }

  /** Alias of `registerModule`, as in PyTorch. */
  addModule(name: string, module: Module | null): void {
    this.registerModule(name, module);
  }

  #register(slot: Slot, name: string, value: unknown): void {
    const kind = slot === "module" ? "module" : slot;
    if (typeof name !== "string") throw new TypeError(`${kind} name should be a string. Got ${typeof name}`);
    if (name.includes(".")) throw new TypeError(`${kind} name can't contain "." (got "${name}")`);
    if (name === "") throw new TypeError(`${kind} name can't be empty string ""`);
    this.#sync();
    const existing = this.#slots.get(name);
    if (existing === undefined && Object.hasOwn(this, name) && (this as Record<string, unknown>)[name] != null) {
      throw new TypeError(`${this.constructor.name}: attribute '${name}' already exists`);
    }
    if (existing !== undefined && existing !== slot) throw new TypeError(`${this.constructor.name}: '${name}' is already registered as a ${existing}`);
    this.#slots.set(name, slot);
    Object.defineProperty(this, name, { value, writable: true, enumerable: true, configurable: true });
  }

  /** Removes a registered parameter, buffer or submodule (Python's `del module.name`). */
  protected unregister(name: string): void {
    this.#slots.delete(name);
    this.#nonPersistent.delete(name);
    delete (this as Record<string, unknown>)[name];
  }

  /** Submodules in registration order, repeats included (what containers index). */
  protected registeredModules(): [string, Module][] {
    return this.#own<Module>("module");
  }

  /** Picks up parameters and modules assigned to properties since the last look, in assignment order. */
  #sync(): void {
    for (const key of Object.keys(this)) {
      if (this.#slots.has(key)) continue;
      const value = (this as Record<string, unknown>)[key];
      if (value instanceof Parameter) this.#slots.set(key, "parameter");
      else if (value instanceof Module) this.#slots.set(key, "module");
    }
  }

  /** This module's own entries of one kind, skipping nulls. */
  #own<T>(slot: Slot): [string, T][] {
    this.#sync();
    const out: [string, T][] = [];
    for (const [name, s] of this.#slots) {
      if (s !== slot) continue;
      const value = (this as Record<string, unknown>)[name];
      if (value === null || value === undefined) continue;
      if (slot === "parameter" && !(value instanceof Parameter)) {
        throw new TypeError(`${this.constructor.name}: parameter '${name}' holds a ${describe(value)}; wrap it in nn.Parameter or assign null`);
      }
      if (slot === "buffer" && !(value instanceof Tensor)) {
        throw new TypeError(`${this.constructor.name}: buffer '${name}' holds a ${describe(value)}; assign a Tensor or null`);
      }
      if (slot === "module" && !(value instanceof Module)) continue;
      out.push([name, value as T]);
    }
    return out;
  }

  #persistentBuffers(): [string, Tensor][] {
    return this.#own<Tensor>("buffer").filter(([name]) => !this.#nonPersistent.has(name));
  }

  // ---- traversal ----

  /** Direct submodules with their names. */
  namedChildren(): [string, Module][] {
    const seen = new Set<Module>();
    return this.#own<Module>("module").filter(([, m]) => !seen.has(m) && (seen.add(m), true));
  }

  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** This module and all submodules, depth first, each once (dotted names; "" for this one). */
  namedModules(options: { prefix?: string; removeDuplicate?: boolean; memo?: Set<Module> } = {}): [string, Module][] {
    const { prefix = "", removeDuplicate = true } = options;
    const memo = options.memo ?? new Set<Module>();
    if (memo.has(this)) return [];
    if (removeDuplicate) memo.add(this);
    const out: [string, Module][] = [[prefix, this]];
    for (const [name, child] of this.#own<Module>("module")) {
      out.push(...child.namedModules({ prefix: joinName(prefix, name), removeDuplicate, memo }));
    }
    return out;
  }

  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  #namedMembers<T extends Tensor>(own: (m: Module) => [string, T][], options: NamedOptions): [string, T][] {
    const { prefix = "", recurse = true, removeDuplicate = true } = options;
    const modules: [string, Module][] = recurse ? this.namedModules({ prefix, removeDuplicate }) : [[prefix, this]];
    const memo = new Set<Tensor>();
    const out: [string, T][] = [];
    for (const [modulePrefix, module] of modules) {
      for (const [name, value] of own(module)) {
        if (memo.has(value)) continue;
        if (removeDuplicate) memo.add(value);
        out.push([joinName(modulePrefix, name), value]);
      }
    }
    return out;
  }

  /** Parameters with dotted names; a parameter shared by several modules is listed once. */
  namedParameters(options: NamedOptions = {}): [string, Parameter][] {
    return this.#namedMembers((m) => m.#own<Parameter>("parameter"), options);
  }

  parameters(options: { recurse?: boolean } = {}): Parameter[] {
    return this.namedParameters(options).map(([, p]) => p);
  }

  namedBuffers(options: NamedOptions = {}): [string, Tensor][] {
    return this.#namedMembers((m) => m.#own<Tensor>("buffer"), options);
  }

  buffers(options: { recurse?: boolean } = {}): Tensor[] {
    return this.namedBuffers(options).map(([, b]) => b);
  }

  /** The submodule at a dotted path, e.g. `"layer1.0.conv1"` ("" is this module). */
  getSubmodule(target: string): Module {
    if (target === "") return this;
    let module: Module = this;
    for (const item of target.split(".")) {
      const next = module.#own<Module>("module").find(([name]) => name === item)?.[1];
      if (!next) throw new TypeError(`getSubmodule: ${module.constructor.name} has no submodule '${item}' (looking up '${target}')`);
      module = next;
    }
    return module;
  }

  /** The parameter at a dotted path, e.g. `"fc.weight"`. */
  getParameter(target: string): Parameter {
    return this.#member(target, "parameter", "getParameter") as Parameter;
  }

  /** The buffer at a dotted path, e.g. `"bn1.running_mean"`. */
  getBuffer(target: string): Tensor {
    return this.#member(target, "buffer", "getBuffer");
  }

  #member(target: string, slot: Slot, op: string): Tensor {
    const dot = target.lastIndexOf(".");
    const module = this.getSubmodule(dot < 0 ? "" : target.slice(0, dot));
    const name = target.slice(dot + 1);
    const found = module.#own<Tensor>(slot).find(([n]) => n === name)?.[1];
    if (!found) throw new TypeError(`${op}: ${module.constructor.name} has no ${slot} '${name}' (looking up '${target}')`);
    return found;
  }

  // ---- modes and bulk changes ----

  /** Sets training mode on this module and every submodule. */
  train(mode = true): this {
    if (typeof mode !== "boolean") throw new TypeError("train: training mode is expected to be boolean");
    this.training = mode;
    for (const child of this.children()) child.train(mode);
    return this;
  }

  /** Evaluation mode: `train(false)` (Dropout passes through, BatchNorm uses running statistics). */
  eval(): this {
    return this.train(false);
  }

  /** Turns gradient tracking on or off for every parameter. */
  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad_(requiresGrad);
    return this;
  }

  /** Clears the gradients of every parameter: to null (default) or to zeros in place. */
  zeroGrad(options: { setToNone?: boolean } = {}): void {
    const setToNone = options.setToNone ?? true;
    for (const p of this.parameters()) clearGrad(p, setToNone);
  }

  /** Calls `fn` on every submodule (children first) and then on this module, as for custom initialisation. */
  apply(fn: (module: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /**
   * Moves and/or casts parameters and buffers: `to("cuda")`, `to("float64")`,
   * `to({device, dtype})`. Casting applies to floating-point tensors only.
   * A parameter that changes is replaced by a new `Parameter` under the same
   * name (gradient moved along, sharing between modules kept), so build the
   * optimizer after moving the model, as PyTorch recommends.
   */
  to(target: DeviceLike | DType | ModuleToOptions): this {
    const { device, dtype } = parseModuleTarget(target);
    if (dtype !== undefined && !isFloatingPoint(dtype)) {
      throw new TypeError(`${this.constructor.name}.to: only accepts floating point dtypes, but got desired dtype=${dtype}`);
    }
    const convert = (t: Tensor) => t.to({ ...(device !== undefined ? { device } : {}), ...(dtype !== undefined && isFloatingPoint(t.dtype) ? { dtype } : {}) });
    return noGrad(() => this.#applyToTensors(convert, new Map()));
  }

  cpu(): this {
    return this.to("cpu");
  }
  float(): this {
    return this.to("float32");
  }
  double(): this {
    return this.to("float64");
  }
  half(): this {
    return this.to("float16");
  }

  #applyToTensors(fn: (t: Tensor) => Tensor, memo: Map<Tensor, Tensor>): this {
    for (const child of this.children()) child.#applyToTensors(fn, memo);
    const self = this as Record<string, unknown>;
    for (const [name, p] of this.#own<Parameter>("parameter")) {
      let next = memo.get(p);
      if (!next) {
        const applied = fn(p);
        next = applied === p ? p : new Parameter(applied.detach(), p.requiresGrad);
        if (next !== p && p.grad) next.grad = keep(fn(p.grad).detach());
        memo.set(p, next);
      }
      self[name] = next;
    }
    for (const [name, b] of this.#own<Tensor>("buffer")) {
      let next = memo.get(b);
      if (!next) memo.set(b, (next = keep(fn(b))));
      self[name] = next;
    }
    return this;
  }

  // ---- state dicts ----

  /**
   * Parameters and persistent buffers by dotted name, in PyTorch's order and
   * with its keys: each module's parameters, then its buffers, then its
   * submodules'. Values share storage with the module (detached unless `keepVars`).
   */
  stateDict(options: { prefix?: string; keepVars?: boolean; destination?: StateDict } = {}): StateDict {
    const { prefix = "", keepVars = false } = options;
    const out = options.destination ?? {};
    this.saveToStateDict(out, prefix, keepVars);
    for (const [name, child] of this.#own<Module>("module")) {
      child.stateDict({ destination: out, prefix: `${prefix}${name}.`, keepVars });
    }
    return out;
  }

  /** Writes this module's own entries; override to customise what a module saves. */
  protected saveToStateDict(destination: StateDict, prefix: string, keepVars: boolean): void {
    for (const [name, p] of this.#own<Parameter>("parameter")) setEntry(destination, prefix + name, keepVars ? p : p.detach());
    for (const [name, b] of this.#persistentBuffers()) setEntry(destination, prefix + name, keepVars ? b : b.detach());
  }

  /**
   * Copies values from `stateDict` into this module's parameters and buffers
   * in place (dtype and device converted). With `strict` (default) missing or
   * unexpected keys are an error; shape mismatches always are. All problems
   * are reported together, each key by name.
   */
  loadStateDict(stateDict: StateDict | Map<string, Tensor>, options: { strict?: boolean } = {}): IncompatibleKeys {
    const strict = options.strict ?? true;
    if (stateDict === null || typeof stateDict !== "object" || stateDict instanceof Tensor) {
      throw new TypeError(`${this.constructor.name}.loadStateDict: Expected state_dict to be dict-like, got ${describe(stateDict)}.`);
    }
    // a copy: loading may add defaults (BatchNorm's num_batches_tracked) without touching the caller's dict
    const entries: Record<string, unknown> = stateDict instanceof Map ? Object.fromEntries(stateDict) : { ...stateDict };
    const report: LoadReport = { missingKeys: [], unexpectedKeys: [], errorMessages: [] };
    const load = (module: Module, prefix: string) => {
      module.loadFromStateDict(entries, prefix, strict, report);
      for (const [name, child] of module.#own<Module>("module")) load(child, `${prefix}${name}.`);
    };
    noGrad(() => load(this, ""));
    if (strict) {
      if (report.unexpectedKeys.length) report.errorMessages.unshift(unexpectedKeysMessage(report.unexpectedKeys));
      if (report.missingKeys.length) report.errorMessages.unshift(missingKeysMessage(report.missingKeys));
    }
    if (report.errorMessages.length) {
      throw new StateDictError(this.constructor.name, report.missingKeys, report.unexpectedKeys, report.errorMessages);
    }
    return { missingKeys: report.missingKeys, unexpectedKeys: report.unexpectedKeys };
  }

  /** Loads this module's own entries (not its submodules'); override to accept older layouts. */
  protected loadFromStateDict(stateDict: Record<string, unknown>, prefix: string, strict: boolean, report: LoadReport): void {
    const local = new Map<string, Tensor>([...this.#own<Tensor>("parameter"), ...this.#persistentBuffers()]);
    for (const [name, target] of local) {
      const key = prefix + name;
      if (!Object.hasOwn(stateDict, key)) {
        report.missingKeys.push(key);
        continue;
      }
      copyEntry(key, target, stateDict[key], report);
    }
    if (!strict) return;
    const children = new Set(this.#own<Module>("module").map(([n]) => n));
    for (const key of Object.keys(stateDict)) {
      if (!key.startsWith(prefix)) continue;
      const head = key.slice(prefix.length).split(".", 1)[0]!;
      if (!children.has(head) && !local.has(head)) report.unexpectedKeys.push(key);
    }
  }

  // ---- printing ----

  /** The text inside this module's parentheses when printed, e.g. `in_features=2, out_features=3, bias=True`. */
  extraRepr(): string {
    return "";
  }

  /** PyTorch's repr: `Linear(in_features=2, out_features=3, bias=True)`, submodules nested and indented. */
  toString(): string {
    return formatModule({
      name: this.constructor.name,
      extra: this.extraRepr(),
      children: this.#own<Module>("module").map(([name, m]) => [name, m.toString()]),
    });
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

export interface NamedOptions {
  prefix?: string;
  recurse?: boolean;
  removeDuplicate?: boolean;
}

/** Accumulates problems while loading, so all are reported at once. */
export interface LoadReport {
  missingKeys: string[];
  unexpectedKeys: string[];
  errorMessages: string[];
}

function copyEntry(key: string, target: Tensor, value: unknown, report: LoadReport): void {
  if (!(value instanceof Tensor)) {
    report.errorMessages.push(`While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from checkpoint but received ${describe(value)}`);
    return;
  }
  // a 0-dim entry saved as a 1-element vector by old checkpoints still loads
  const source = target.ndim === 0 && value.ndim === 1 && value.shape[0] === 1 ? value.reshape([]) : value;
  if (!sameShape(source.shape, target.shape)) {
    report.errorMessages.push(sizeMismatchMessage(key, source.shape, target.shape));
    return;
  }
  try {
    target.copy_(source);
  } catch (e) {
    report.errorMessages.push(
      `While copying the parameter named "${key}", whose dimensions in the model are ${torchSize(target.shape)} and whose dimensions in the checkpoint are ${torchSize(source.shape)}, an exception occurred : ${(e as Error).message}.`,
    );
  }
}

function joinName(prefix: string, name: string): string {
  return prefix ? `${prefix}.${name}` : name;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (value instanceof Tensor) return `Tensor (${value.dtype}, shape [${value.shape.join(", ")}])`;
  if (typeof value === "object") return (value as object).constructor?.name ?? "object";
  return typeof value;
}

function parseModuleTarget(target: DeviceLike | DType | ModuleToOptions): ModuleToOptions {
  if (target instanceof Device) return { device: target };
  if (typeof target === "string") return (DTYPES as readonly string[]).includes(target) ? { dtype: target as DType } : { device: target };
  return target;
}
