/**
 * Resolves on the next turn of the event loop (a macrotask, not a microtask).
 *
 * Tensors left to the garbage collector are freed by FinalizationRegistry
 * callbacks, which only run between macrotasks. A `for await` loop over
 * batches that are already in memory never leaves the microtask queue, so
 * without this turn a training loop would hold every batch's tensors until
 * it ends.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0)));
}
