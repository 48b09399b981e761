import { Tensor } from "./tensor.js";

/**
 * `torch.scope(fn)`: every tensor created while `fn` runs is disposed when it
 * returns, except those it returns and those marked with `keep`. For loops
 * that must not wait for the garbage collector.
 */
const stack: Set<Tensor>[] = [];
const kept = new WeakSet<Tensor>();

/** Called by the Tensor constructor. */
export function track(t: Tensor): void {
  stack[stack.length - 1]?.add(t);
}

/** Marks a tensor to survive the scopes it was created in (optimizer state, gradients). */
export function keep<T extends Tensor>(t: T): T {
  kept.add(t);
  for (const s of stack) s.delete(t);
  return t;
}

function collect(value: unknown, out: Set<Tensor>, seen = new Set<unknown>()): void {
  if (value instanceof Tensor) out.add(value);
  else if (value && typeof value === "object" && !seen.has(value)) {
    seen.add(value);
    for (const v of Array.isArray(value) ? value : value instanceof Map ? value.values() : Object.values(value)) collect(v, out, seen);
  }
}

export function scope<T>(fn: () => T): T {
  const tracked = new Set<Tensor>();
  stack.push(tracked);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    // nothing is returned: every tensor the scope made goes, except kept ones
    stack.pop();
    settle(tracked, new Set());
    throw e;
  }
  stack.pop();
  if (result instanceof Promise) {
    settle(tracked, new Set());
    throw new TypeError("scope: fn must be synchronous (it returned a Promise)");
  }
  const returned = new Set<Tensor>();
  collect(result, returned);
  settle(tracked, returned);
  return result;
}

/** Disposes the scope's tensors; returned and kept ones move to the enclosing scope. */
function settle(tracked: Set<Tensor>, returned: Set<Tensor>): void {
  for (const t of tracked) {
    if (returned.has(t) || kept.has(t)) stack[stack.length - 1]?.add(t);
    else t.dispose();
  }
}
