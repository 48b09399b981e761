import { enableGrad, noGrad } from "../autograd/grad-mode.js";
import { clearGrad } from "../autograd/grad-slot.js";
import { isFloatingPoint } from "../dtype.js";
import { TaimatsuError } from "../errors.js";
import { tensor } from "../ops/creation.js";
import { keep } from "../scope.js";
import { Tensor } from "../tensor.js";
import { toCamelCase, toSnakeCase } from "./key-case.js";
import { watchStep } from "../memory-growth.js";

/**
 * One parameter group: its tensors and its hyper-parameters (camelCase).
 * Schedulers and users change them in place (`group.lr = 0.01`); keys that
 * PyTorch keeps in groups without a Taimatsu meaning (`foreach`,
 * `differentiable`, a scheduler's `initialLr`) live here too, so state
 * dicts round-trip.
 */
export interface ParamGroup {
  params: Tensor[];
  lr: number;
  [option: string]: unknown;
}

/** A group as passed to a constructor: its params plus any options that override the defaults. */
export type ParamGroupInput<O> = Partial<O> & { params: Iterable<Tensor> | Tensor };

/** What optimizers accept: parameters (e.g. `model.parameters()`) or a list of groups. */
export type ParamsInput<O> = Iterable<Tensor> | Iterable<ParamGroupInput<O>>;

/** Per-parameter state: tensors, the step count, or null for a buffer not allocated. */
export type ParamState = Record<string, Tensor | number | boolean | null>;

/**
 * PyTorch's optimizer state dict: state by parameter index, and groups with
 * snake_case hyper-parameters and `params` as index lists.
 */
export interface OptimizerStateDict {
  state: Record<number, Record<string, unknown>>;
  param_groups: (Record<string, unknown> & { params: number[] })[];
}

/** `step(closure)` re-evaluates the model and returns the loss. */
export type Closure = () => Tensor | number;

/**
 * Base class of all optimizers (PyTorch's `torch.optim.Optimizer`): parameter
 * groups with per-group options, per-parameter state, `zeroGrad`, `step`
 * and state dicts. Subclasses implement `updateGroup`, which runs with
 * autograd off and updates parameters in place with tensor ops on their
 * device.
 */
export abstract class Optimizer<G extends ParamGroup = ParamGroup, S extends ParamState = ParamState> {
  /** Options used for groups that do not set their own (includes PyTorch's extra group keys). */
  readonly defaults: Readonly<Omit<G, "params">>;
  paramGroups: G[] = [];
  /** Per-parameter state, created on a parameter's first update. */
  state = new Map<Tensor, S>();
  /** How PyTorch stores `step` in state dicts for this optimizer: a float32 0-dim tensor, or a plain number. */
  protected readonly stepInStateDict: "tensor" | "number" = "tensor";

  constructor(params: ParamsInput<Omit<G, "params">>, defaults: Omit<G, "params">) {
    this.defaults = defaults;
    if (params instanceof Tensor) {
      throw new TypeError(`${this.constructor.name}: params argument given to the optimizer should be an iterable of Tensors or dicts, but got a Tensor (wrap it in an array)`);
    }
    const list = [...(params as Iterable<Tensor | ParamGroupInput<Omit<G, "params">>>)];
    if (list.length === 0) throw new TypeError(`${this.constructor.name}: optimizer got an empty parameter list`);
    const groups = (list[0] instanceof Tensor ? [{ params: list }] : list) as ParamGroupInput<Omit<G, "params">>[];
    for (const g of groups) this.addParamGroup(g);
  }

  /** Adds a group (e.g. layers unfrozen during fine-tuning); unset options come from `defaults`. */
  addParamGroup(group: ParamGroupInput<Omit<G, "params">>): void {
    if (group === null || typeof group !== "object" || group instanceof Tensor) {
      throw new TypeError(`${this.constructor.name}.addParamGroup: param group must be an object with a params entry`);
    }
    const params = group.params instanceof Tensor ? [group.params] : [...group.params];
    for (const p of params) {
      if (!(p instanceof Tensor)) throw new TypeError(`${this.constructor.name}: optimizer can only optimize Tensors, but one of the params is ${typeof p}`);
      if (!p.isLeaf) throw new TypeError(`${this.constructor.name}: can't optimize a non-leaf Tensor`);
    }
    // PyTorch's key order: the group's own options first, then the defaults it did not set
    const { params: _given, ...options } = group;
    const full: Record<string, unknown> = { params, ...options };
    for (const [key, value] of Object.entries(this.defaults)) if (!(key in full)) full[key] = value;
    for (const [key, value] of Object.entries(full)) {
      if (value === undefined) throw new TypeError(`${this.constructor.name}: parameter group didn't specify a value of required optimization parameter ${key}`);
    }
    const seen = new Set(this.paramGroups.flatMap((g) => g.params));
    if (new Set(params).size !== params.length) console.warn(`${this.constructor.name}: optimizer contains a parameter group with duplicate parameters; in future, this will cause an error`);
    if (params.some((p) => seen.has(p))) throw new TypeError(`${this.constructor.name}: some parameters appear in more than one parameter group`);
    this.paramGroups.push(full as G);
  }

  /** Clears gradients: to null (default), or to zeros in place. */
  zeroGrad(options: { setToNone?: boolean } = {}): void {
    const setToNone = options.setToNone ?? true;
    for (const group of this.paramGroups) for (const p of group.params) clearGrad(p, setToNone);
  }

  /**
   * One optimization step over every parameter that has a gradient. With a
   * closure (needed by some algorithms, allowed by all), the closure runs
   * first with autograd on and its loss is returned.
   */
  step(closure?: Closure): Tensor | number | undefined {
    const loss = closure ? enableGrad(closure) : undefined;
    noGrad(() => {
      for (const group of this.paramGroups) this.updateGroup(group);
    });
    watchStep();
    return loss;
  }

  /** Updates one group's parameters in place (autograd is off). */
  protected abstract updateGroup(group: G): void;

  /** The state of `p`, created with `init` on first use; its tensors are kept across `torch.scope`. */
  protected stateFor(p: Tensor, init: () => S): S {
    let s = this.state.get(p);
    if (!s) {
      s = init();
      for (const v of Object.values(s)) if (v instanceof Tensor) keep(v);
      this.state.set(p, s);
    }
    return s;
  }

  /** Marks a state tensor created after initialisation to survive `torch.scope`. */
  protected keepState<T extends Tensor>(t: T): T {
    return keep(t);
  }

  /**
   * PyTorch's layout: `state` keyed by each parameter's position across all
   * groups, `param_groups` with snake_case keys and `params` last. State
   * tensors are returned as they are (not copied), as in PyTorch.
   */
  stateDict(): OptimizerStateDict {
    const index = new Map<Tensor, number>();
    const paramGroups = this.paramGroups.map((group) => {
      const packed: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(group)) if (key !== "params") packed[toSnakeCase(key)] = value;
      for (const p of group.params) if (!index.has(p)) index.set(p, index.size);
      return { ...packed, params: group.params.map((p) => index.get(p)!) };
    });
    const state: Record<number, Record<string, unknown>> = {};
    for (const [p, s] of this.state) {
      const i = index.get(p);
      if (i !== undefined) state[i] = this.exportState(s);
    }
    return { state, param_groups: paramGroups };
  }

  #exportValue(key: string, value: unknown): unknown {
    if (key === "step" && typeof value === "number" && this.stepInStateDict === "tensor") return tensor(value, { dtype: "float32" });
    return value;
  }

  protected exportState(s: S): Record<string, unknown> {
    return Object.fromEntries(Object.entries(s).map(([k, v]) => [toSnakeCase(k), this.#exportValue(k, v)]));
  }

  /**
   * Restores groups' hyper-parameters and per-parameter state from a state
   * dict (ours or PyTorch's). Parameters are matched by position, so the
   * groups must have the same sizes as when it was saved. State tensors are
   * copied, cast to the parameter's floating dtype and moved to its device.
   */
  loadStateDict(stateDict: OptimizerStateDict): void {
    const name = this.constructor.name;
    if (!stateDict || typeof stateDict !== "object" || !Array.isArray(stateDict.param_groups) || typeof stateDict.state !== "object") {
      throw new TypeError(`${name}.loadStateDict: expected an object with 'state' and 'param_groups' (as stateDict() returns)`);
    }
    const saved = stateDict.param_groups;
    if (saved.length !== this.paramGroups.length) {
      throw new TaimatsuError(`${name}.loadStateDict: loaded state dict has a different number of parameter groups (${saved.length}, optimizer has ${this.paramGroups.length})`);
    }
    saved.forEach((g, i) => {
      if (!Array.isArray(g.params) || g.params.length !== this.paramGroups[i]!.params.length) {
        throw new TaimatsuError(
          `${name}.loadStateDict: loaded state dict contains a parameter group that doesn't match the size of optimizer's group ` +
            `(group ${i}: ${Array.isArray(g.params) ? g.params.length : "no"} params saved, ${this.paramGroups[i]!.params.length} in the optimizer)`,
        );
      }
    });
    const byIndex = new Map<number, Tensor>();
    saved.forEach((g, i) => g.params.forEach((id, j) => byIndex.set(Number(id), this.paramGroups[i]!.params[j]!)));
    const state = new Map<Tensor, S>();
    for (const [id, s] of Object.entries(stateDict.state)) {
      const p = byIndex.get(Number(id));
      if (p) state.set(p, this.importState(p, s as Record<string, unknown>));
    }
    this.state = state;
    this.paramGroups = saved.map((g, i) => {
      const group: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(g)) if (key !== "params") group[toCamelCase(key)] = Array.isArray(value) ? [...value] : value;
      return { ...group, params: this.paramGroups[i]!.params } as unknown as G;
    });
  }

  protected importState(p: Tensor, s: Record<string, unknown>): S {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(s)) {
      const k = toCamelCase(key);
      if (k === "step") out[k] = value instanceof Tensor ? value.item() : Number(value);
      else if (value instanceof Tensor) {
        // floating state follows the parameter's dtype; everything follows its device
        const cast = isFloatingPoint(p.dtype) && isFloatingPoint(value.dtype) ? value.to({ dtype: p.dtype, device: p.device }) : value.to(p.device);
        out[k] = keep(cast === value ? value.clone() : cast);
      } else out[k] = value;
    }
    return out as S;
  }
}

/** Throws PyTorch's "Invalid <name> value" error for an out-of-range option. */
export function checkOption(optimizer: string, ok: boolean, message: string): void {
  if (!ok) throw new RangeError(`${optimizer}: ${message}`);
}
