import { Tensor } from "./tensor.js";

/**
 * `torch.scope(fn)`: every tensor created while `fn` runs is disposed when it
 * returns, except those it returns and those marked with `keep`. For loops
 * that must not wait for the garbage collector.
 *
 * Each open scope is a frame: an array of the tensors it holds, in creation
 * order. A tensor records its frame and slot, so `keep` removes it in O(1)
 * (the slot becomes null). While a frame holds a tensor it cannot be garbage
 * collected, so tensors are handed to the FinalizationRegistry only when they
 * leave the last scope: returned from the outermost one, or kept.
 */
type Frame = (Tensor | null)[];
const stack: Frame[] = [];

/** Called by the Tensor constructor: the innermost scope takes the tensor. False outside every scope. */
export function track(t: Tensor): boolean {
  const frame = stack[stack.length - 1];
  if (!frame) return false;
  place(t, frame);
  return true;
}

function place(t: Tensor, frame: Frame): void {
  t.scopeFrame = frame;
  t.scopeSlot = frame.length;
  frame.push(t);
}

/** Takes `t` out of the frame holding it. */
function release(t: Tensor): void {
  const frame = t.scopeFrame;
  if (frame && frame[t.scopeSlot] === t) frame[t.scopeSlot] = null;
  t.scopeFrame = null;
}

/** Marks a tensor to survive the scopes it was created in (optimizer state, gradients). */
export function keep<T extends Tensor>(t: T): T {
  if (t.scopeFrame) {
    release(t);
    t.releaseOnCollect();
  }
  return t;
}

function collect(value: unknown, out: Set<Tensor>, seen = new Set<unknown>()): void {
  if (value instanceof Tensor) out.add(value);
  else if (value && typeof value === "object" && !seen.has(value)) {
    seen.add(value);
    for (const v of Array.isArray(value) ? value : value instanceof Map ? value.values() : Object.values(value)) collect(v, out, seen);
  }
}

const NOTHING: ReadonlySet<Tensor> = new Set();

export function scope<T>(fn: () => T): T {
  const frame: Frame = [];
  stack.push(frame);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    // nothing is returned: every tensor the scope made goes, except kept ones
    stack.pop();
    settle(frame, NOTHING);
    throw e;
  }
  stack.pop();
  if (result instanceof Promise) {
    settle(frame, NOTHING);
    throw new TypeError("scope: fn must be synchronous (it returned a Promise)");
  }
  // the common training step returns nothing or a number: no walk over the result
  let returned = NOTHING;
  if (result !== null && typeof result === "object") {
    const found = new Set<Tensor>();
    collect(result, found);
    returned = found;
  }
  settle(frame, returned);
  return result;
}

/** Disposes the frame's tensors; returned ones move to the enclosing scope, or to the collector when there is none. */
function settle(frame: Frame, returned: ReadonlySet<Tensor>): void {
  const parent = stack[stack.length - 1];
  for (const t of frame) {
    if (t === null || t.scopeFrame !== frame) continue;
    if (returned.size > 0 && returned.has(t)) {
      if (parent) place(t, parent);
      else {
        t.scopeFrame = null;
        t.releaseOnCollect();
      }
    } else {
      t.scopeFrame = null;
      t.dispose();
    }
  }
}
