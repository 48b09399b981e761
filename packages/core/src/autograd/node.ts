import { AutogradError } from "../errors.js";
import type { Tensor } from "../tensor.js";

/**
 * Gradients of an op's inputs from the gradients of its outputs. An output
 * that received no gradient arrives as null. Return null (or undefined) for an
 * input that gets no gradient. Written with tensor ops, so it is itself
 * differentiable (createGraph) and runs on every backend.
 *
 * `donated[i]` says that only the engine refers to `gradOutputs[i]` and that it
 * drops it after this call: the function may write its result into that memory
 * (a fused kernel's in-place variant) instead of allocating, as long as it
 * reads nothing of it afterwards.
 */
export type BackwardFn = (gradOutputs: (Tensor | null)[], donated: readonly boolean[]) => (Tensor | null | undefined)[];

const NOTHING_DONATED: readonly boolean[] = [];

/** One recorded op in the autograd graph (PyTorch's `grad_fn`). */
export class Node {
  private backwardFn: BackwardFn | null;
  // every recorded op makes a node, and few get hooks or retained gradients: the maps are made on first use
  #retained: Map<number, WeakRef<Tensor>> | null = null;
  #hooks: Map<number, ((grad: Tensor) => Tensor | void)[]> | null = null;

  /** Tensors whose gradients the user asked to keep (`retainGrad`), by output index. */
  get retained(): Map<number, WeakRef<Tensor>> {
    return (this.#retained ??= new Map());
  }

  /** Hooks on outputs, by output index (`registerHook`). */
  get hooks(): Map<number, ((grad: Tensor) => Tensor | void)[]> {
    return (this.#hooks ??= new Map());
  }

  /** Whether any output has a hook, without making the map. */
  get hasHooks(): boolean {
    return this.#hooks !== null && this.#hooks.size > 0;
  }

  /** Whether any output retains its gradient, without making the map. */
  get hasRetained(): boolean {
    return this.#retained !== null && this.#retained.size > 0;
  }

  constructor(
    /** PyTorch-style name, e.g. "MulBackward0". */
    readonly name: string,
    /** The op's tensor inputs; only those that require grad matter. */
    readonly inputs: readonly (Tensor | null)[],
    backwardFn: BackwardFn,
    readonly numOutputs: number,
    /** Storage versions of saved tensors at record time, to detect in-place changes. */
    private saved: readonly { tensor: Tensor; version: number }[] = [],
  ) {
    this.backwardFn = backwardFn;
  }

  apply(grads: (Tensor | null)[], release: boolean, donated: readonly boolean[] = NOTHING_DONATED): (Tensor | null | undefined)[] {
    if (!this.backwardFn) {
      throw new AutogradError(
        `Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed) at ${this.name}. ` +
          "Saved intermediate values of the graph are freed after backward(); pass {retainGraph: true} to backward or autograd.grad to keep them.",
      );
    }
    for (const s of this.saved) {
      if (s.tensor.isDisposed) {
        throw new AutogradError(
          `${this.name}: a tensor needed for gradient computation ([${s.tensor.dtype} [${s.tensor.shape.join(", ")}]]) was disposed before backward. ` +
            "Dispose intermediate tensors after backward(), or run the step inside torch.scope, which frees them at the end.",
        );
      }
      if (s.tensor.storage.version !== s.version) {
        throw new AutogradError(
          `${this.name}: one of the variables needed for gradient computation has been modified by an inplace operation: ` +
            `[${s.tensor.dtype} [${s.tensor.shape.join(", ")}]] is at version ${s.tensor.storage.version}; expected version ${s.version} instead.`,
        );
      }
    }
    const fn = this.backwardFn;
    if (release) {
      // the graph lets go of what it saved, so those tensors can be collected with the step's other garbage
      this.backwardFn = null;
      this.saved = [];
    }
    return fn(grads, donated);
  }
}
