import { AutogradError } from "../errors.js";
import { hasContiguousStrides } from "../shape.js";
import { nextStorageSerial, type Storage } from "../storage.js";
import type { Tensor } from "../tensor.js";
import { enableGrad, noGrad } from "./grad-mode.js";
import type { Node } from "./node.js";
import { reduceGradTo } from "./grad-shape.js";
import { accumulateGrad } from "./grad-slot.js";

export interface BackwardOptions {
  /** Keep saved tensors so backward can run through this graph again. */
  retainGraph?: boolean;
  /** Record the backward pass itself, for higher-order gradients. */
  createGraph?: boolean;
}

/** Receives a leaf's gradient; `owned` when nothing else refers to `grad`'s memory, so it may become `.grad` as it is. */
type GradSink = (t: Tensor, grad: Tensor, owned: boolean) => void;

/** Hooks registered on leaves (non-leaf hooks live on their node). */
export const leafHooks = new WeakMap<Tensor, ((grad: Tensor) => Tensor | void)[]>();

function runHooks(hooks: ((grad: Tensor) => Tensor | void)[] | undefined, grad: Tensor): Tensor {
  if (hooks) for (const h of hooks) grad = h(grad) ?? grad;
  return grad;
}

/** The gradients `node` received, through its output hooks. */
function outputGrads(node: Node, slot: (Tensor | null)[] | undefined): (Tensor | null)[] {
  if (!slot) return [];
  if (!node.hasHooks) return slot;
  return slot.map((g, i) => (g ? runHooks(node.hooks.get(i), g) : null));
}

/**
 * Whether input `i`'s gradient `g` is memory that only the engine refers to,
 * so a leaf may take it as its `.grad` without a copy (PyTorch steals such
 * gradients too) and the next node may write into it. It must have been
 * allocated during this node's backward (storage serial at least `mark`: not
 * an incoming gradient, nor anything the graph saved) or be one of the
 * incoming gradients donated to it (`donated`), fill its storage densely in
 * row-major order (as a copy would), and share no memory with the gradient
 * of another input.
 */
function ownedGradient(g: Tensor, mark: number, donated: ReadonlySet<Storage>, inGrads: readonly (Tensor | null | undefined)[], i: number): boolean {
  const storage = g.storage;
  if ((storage.serial < mark && !donated.has(storage)) || g.offset !== 0 || g.numel() !== storage.numel || !hasContiguousStrides(g.shape, g.strides)) return false;
  for (let j = 0; j < inGrads.length; j++) if (j !== i && inGrads[j]?.storage === storage) return false;
  return true;
}

/** A node's incoming gradients, summed per output, and which of them only the engine refers to. */
interface Pending {
  grads: (Tensor | null)[];
  owned: boolean[];
}

const NO_STORAGES: ReadonlySet<Storage> = new Set();

/** The storages of the incoming gradients a node may write into (see BackwardFn), and its flags. */
function donations(p: Pending | undefined, outGrads: readonly (Tensor | null)[], allowed: boolean): { flags: readonly boolean[]; storages: ReadonlySet<Storage> } {
  if (!p || !allowed || !p.owned.includes(true)) return { flags: [], storages: NO_STORAGES };
  const storages = new Set<Storage>();
  p.owned.forEach((owned, i) => owned && storages.add(outGrads[i]!.storage));
  return { flags: p.owned, storages };
}

/** Nodes reachable from the roots, each with the number of edges coming into it. */
function dependencies(roots: readonly Node[]): Map<Node, number> {
  const deps = new Map<Node, number>();
  const stack = [...roots];
  const seen = new Set<Node>(roots);
  for (const r of roots) deps.set(r, 0);
  while (stack.length) {
    const node = stack.pop()!;
    for (const input of node.inputs) {
      const next = input?.requiresGrad ? input.gradFn : null;
      if (!next) continue;
      deps.set(next, (deps.get(next) ?? 0) + 1);
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return deps;
}

/**
 * Propagates `grads` from `roots` through the graph in topological order.
 * Leaves receive their gradient through `sink`; `onNode` sees each node's
 * final output gradients (for retainGrad and autograd.grad on non-leaves) and
 * returns whether it kept a reference to any of them.
 */
function propagate(
  roots: readonly Tensor[],
  grads: readonly Tensor[],
  options: BackwardOptions,
  sink: GradSink,
  onNode: (node: Node, outGrads: (Tensor | null)[]) => boolean,
): void {
  const pending = new Map<Node, Pending>();
  // a recorded backward pass keeps every gradient in its graph: nothing is reused then
  const reuse = !options.createGraph;
  const add = (node: Node, index: number, g: Tensor, owned: boolean) => {
    let p = pending.get(node);
    if (!p) {
      p = { grads: new Array<Tensor | null>(node.numOutputs).fill(null), owned: new Array<boolean>(node.numOutputs).fill(false) };
      pending.set(node, p);
    }
    const sum = p.grads[index];
    if (!sum) {
      p.grads[index] = g;
      p.owned[index] = reuse && owned;
    } else {
      // the sum goes into memory the engine owns when there is some (g + sum and sum + g round alike), else into new memory
      if (reuse && p.owned[index]) sum.add_(g);
      else p.grads[index] = reuse && owned ? g.add_(sum) : sum.add(g);
      p.owned[index] = reuse;
    }
  };
  const rootNodes: Node[] = [];
  roots.forEach((r, i) => {
    if (r.gradFn) {
      add(r.gradFn, r.outputIndex, grads[i]!, false);
      rootNodes.push(r.gradFn);
    } else sink(r, runHooks(leafHooks.get(r), grads[i]!), false);
  });
  const deps = dependencies(rootNodes);
  // roots reached from other roots wait for those edges too
  const ready = [...new Set(rootNodes)].filter((n) => deps.get(n) === 0);
  // as in PyTorch, retainGraph defaults to createGraph: a recorded backward still reads the forward graph
  const release = !(options.retainGraph ?? options.createGraph);
  while (ready.length) {
    const node = ready.pop()!;
    const p = pending.get(node);
    const outGrads = outputGrads(node, p?.grads);
    pending.delete(node);
    // hooks may have kept or replaced a gradient, and onNode may keep one: those are not the engine's alone
    const kept = onNode(node, outGrads);
    const donated = donations(p, outGrads, !kept && !node.hasHooks);
    const mark = nextStorageSerial();
    const inGrads = node.apply(outGrads, release, donated.flags);
    const inputs = node.inputs;
    for (let i = 0; i < inputs.length; i++) {
      const input = inputs[i];
      if (!input?.requiresGrad) continue;
      const raw = inGrads[i];
      if (raw) {
        const g = reduceGradTo(raw, input, node.name);
        const owned = ownedGradient(g, mark, donated.storages, inGrads, i);
        if (input.gradFn) add(input.gradFn, input.outputIndex, g, owned);
        else {
          const hooks = leafHooks.get(input);
          sink(input, runHooks(hooks, g), !hooks && owned);
        }
      }
      if (input.gradFn) {
        const left = deps.get(input.gradFn)! - 1;
        deps.set(input.gradFn, left);
        if (left === 0) ready.push(input.gradFn);
      }
    }
  }
}

function checkRoots(roots: readonly Tensor[], grads: readonly (Tensor | null | undefined)[], op: string): Tensor[] {
  return roots.map((r, i) => {
    if (!r.requiresGrad) {
      throw new AutogradError(`${op}: element ${i} of tensors does not require grad and does not have a grad_fn`);
    }
    const g = grads[i];
    if (g) {
      if (g.shape.join() !== r.shape.join()) {
        throw new AutogradError(`${op}: Mismatch in shape: grad_output[${i}] has a shape of [${g.shape.join(", ")}] and output[${i}] has a shape of [${r.shape.join(", ")}]`);
      }
      return g;
    }
    if (r.numel() !== 1) throw new AutogradError(`${op}: grad can be implicitly created only for scalar outputs (got shape [${r.shape.join(", ")}]); pass a gradient`);
    return onesFor(r);
  });
}

let onesFor: (t: Tensor) => Tensor = () => {
  throw new Error("autograd engine not initialised");
};
/** Set by ops/creation to avoid an import cycle. */
export function setOnesFactory(f: (t: Tensor) => Tensor): void {
  onesFor = f;
}

/** `tensor.backward()` / `torch.autograd.backward`: accumulates into `.grad` of leaves. */
export function backward(roots: Tensor[], grads: (Tensor | null | undefined)[] = [], options: BackwardOptions = {}): void {
  const gs = checkRoots(roots, grads, "backward");
  const run = () =>
    propagate(roots, gs, options, (leaf, g, owned) => accumulateGrad(leaf, g, !!options.createGraph, owned), (node, outGrads) => {
      if (!node.hasRetained) return false;
      for (const [i, ref] of node.retained) {
        const t = ref.deref();
        if (t && outGrads[i]) accumulateGrad(t, outGrads[i]!, !!options.createGraph);
      }
      // a retained gradient is copied (or kept, when recording, and then nothing is reused)
      return false;
    });
  options.createGraph ? enableGrad(run) : noGrad(run);
}

export interface GradOptions extends BackwardOptions {
  gradOutputs?: (Tensor | null | undefined)[];
  /** Return null for inputs the outputs do not depend on, instead of throwing. */
  allowUnused?: boolean;
}

/** `torch.autograd.grad`: gradients of outputs with respect to inputs, without touching `.grad`. */
export function grad(outputs: Tensor | Tensor[], inputs: Tensor | Tensor[], options: GradOptions = {}): (Tensor | null)[] {
  const outs = Array.isArray(outputs) ? outputs : [outputs];
  const ins = Array.isArray(inputs) ? inputs : [inputs];
  const gs = checkRoots(outs, options.gradOutputs ?? [], "autograd.grad");
  const result = new Map<Tensor, Tensor>();
  const addTo = (t: Tensor, g: Tensor) => result.set(t, result.has(t) ? result.get(t)!.add(g) : g);
  const wanted = new Set(ins);
  const run = () =>
    propagate(outs, gs, options, (leaf, g) => wanted.has(leaf) && addTo(leaf, g), (node, outGrads) => {
      let kept = false;
      for (const t of ins) {
        if (t.gradFn === node && outGrads[t.outputIndex]) {
          addTo(t, outGrads[t.outputIndex]!);
          kept = true;
        }
      }
      return kept;
    });
  options.createGraph ? enableGrad(run) : noGrad(run);
  return ins.map((t, i) => {
    const g = result.get(t) ?? null;
    if (!g && !options.allowUnused) {
      throw new AutogradError(`autograd.grad: One of the differentiated Tensors (input ${i}) appears to not have been used in the graph. Set allowUnused: true if this is the desired behavior.`);
    }
    return g;
  });
}
