/**
 * Hook lists with removable handles, as `register_forward_hook` returns them
 * in PyTorch. Ids are global so a handle never removes a hook that a later
 * registration put in its place.
 */
let nextId = 0;

/** Returned by every `register*Hook`; `remove()` unregisters the hook (idempotent). */
export interface RemovableHandle {
  readonly id: number;
  remove(): void;
}

export class HookList<F> {
  readonly #hooks = new Map<number, F>();

  add(hook: F, options: { prepend?: boolean } = {}): RemovableHandle {
    const id = nextId++;
    if (options.prepend) {
      const rest = [...this.#hooks];
      this.#hooks.clear();
      this.#hooks.set(id, hook);
      for (const [k, v] of rest) this.#hooks.set(k, v);
    } else this.#hooks.set(id, hook);
    const hooks = this.#hooks;
    return { id, remove: () => void hooks.delete(id) };
  }

  /** A snapshot, so a hook that removes itself does not disturb the loop. */
  values(): F[] {
    return [...this.#hooks.values()];
  }

  get size(): number {
    return this.#hooks.size;
  }
}
