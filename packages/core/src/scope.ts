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

/** Whether a scope is open: its tensors are freed when it closes, not by the collector. */
export function inScope(): boolean {
  return stack.length > 0;
}

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

/**
 * Runs `fn` and disposes every tensor it created, except those it returns
 * (found in arrays, Maps and plain objects) and those marked with `keep`.
 *
 * An async `fn` (`await torch.scope(async () => ...)`) returns a promise:
 * the scope stays open until that promise settles, so temporaries made after
 * each `await` are freed too, then settles with it. An error rejects the
 * returned promise and nothing else (the scope's tensors are freed). While it
 * is pending, tensors made by any code that runs belong to it: run one async
 * scope at a time per chain of awaits, not several concurrently.
 */
export function scope<T>(fn: () => Promise<T>): Promise<T>;
export function scope<T>(fn: () => T): T;
export function scope<T>(fn: () => T | Promise<T>): T | Promise<T> {
  const frame: Frame = [];
  stack.push(frame);
  let result: T | Promise<T>;
  try {
    result = fn();
  } catch (e) {
    // nothing is returned: every tensor the scope made goes, except kept ones
    close(frame);
    settle(frame, NOTHING);
    throw e;
  }
  if (result instanceof Promise) return settleLater(frame, result);
  close(frame);
  settle(frame, returnedBy(result));
  return result;
}

/** Settles an async scope's frame when its promise does; the returned promise carries the result or the error. */
function settleLater<T>(frame: Frame, pending: Promise<T>): Promise<T> {
  const outer = stack[stack.length - 2] ?? null;
  return pending.then(
    (value) => {
      close(frame);
      settle(frame, returnedBy(value), outer);
      return value;
    },
    (error: unknown) => {
      close(frame);
      settle(frame, NOTHING, outer);
      throw error;
    },
  );
}

/** Takes `frame` off the stack: the top for synchronous scopes, anywhere for an async one settling. */
function close(frame: Frame): void {
  if (stack[stack.length - 1] === frame) stack.pop();
  else {
    const i = stack.lastIndexOf(frame);
    if (i >= 0) stack.splice(i, 1);
  }
}

/** The tensors in a scope's result; the common training step returns nothing or a number: no walk. */
function returnedBy(result: unknown): ReadonlySet<Tensor> {
  if (result === null || typeof result !== "object") return NOTHING;
  const found = new Set<Tensor>();
  collect(result, found);
  return found;
}

/**
 * Disposes the frame's tensors; returned ones move to the enclosing scope
 * (`outer`, for an async scope, while it is still open), or to the collector
 * when there is none.
 */
function settle(frame: Frame, returned: ReadonlySet<Tensor>, outer?: Frame | null): void {
  const parent = outer === undefined ? stack[stack.length - 1] : outer !== null && stack.includes(outer) ? outer : undefined;
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
