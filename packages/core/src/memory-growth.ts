import { inScope } from "./scope.js";
import { stats } from "./storage.js";

/**
 * Spotting the synchronous training loop that leaks. Tensors outside
 * `torch.scope` are freed by FinalizationRegistry callbacks, and those run
 * only between tasks: a loop that never awaits keeps every step's
 * activations until it ends. Each optimizer step outside a scope checks
 * whether live tensor memory has kept growing over many steps while no
 * finalizer ran, and if so warns once with the two ways out.
 */

/** Steps without any finalizer before growth counts as a leak, and the growth that must be seen by then. */
let STEPS = 20;
let GROWTH_BYTES = 64 * 2 ** 20;

let finalized = 0;
let seenFinalized = -1;
let steps = 0;
let baseline = 0;
let warned = false;

/** Called by the tensor finalizer: the event loop turns, so memory can be reclaimed. */
export function noteFinalized(): void {
  finalized++;
}

function liveBytes(): number {
  let bytes = 0;
  for (const c of stats.perDevice.values()) bytes += c.bytes;
  return bytes;
}

/** Called once per optimizer step. */
export function watchStep(): void {
  if (warned || inScope()) return;
  const bytes = liveBytes();
  if (finalized !== seenFinalized || bytes < baseline) {
    // collection is happening (or memory fell): start over from here
    seenFinalized = finalized;
    steps = 0;
    baseline = bytes;
    return;
  }
  if (++steps < STEPS || bytes - baseline < GROWTH_BYTES) return;
  warned = true;
  const perStep = (bytes - baseline) / steps / 2 ** 20;
  const message =
    `Taimatsu: tensor memory has grown by ${perStep.toFixed(1)} MB per optimizer step over the last ${steps} steps, and none has been freed: ` +
    "tensors outside torch.scope are freed by the garbage collector only when the event loop turns, which a synchronous training loop never lets happen. " +
    "Run each step inside torch.scope(() => { ... }), or await something between steps (e.g. `await new Promise(setImmediate)`).";
  const proc = (globalThis as { process?: { emitWarning?: (message: string, type: string) => void } }).process;
  if (proc?.emitWarning) proc.emitWarning(message, "TaimatsuMemoryWarning");
  else console.warn(message);
}

/** For tests: forget what was seen and warn again, optionally with other thresholds. */
export function resetMemoryGrowthWatch(thresholds: { steps?: number; bytes?: number } = {}): void {
  STEPS = thresholds.steps ?? 20;
  GROWTH_BYTES = thresholds.bytes ?? 64 * 2 ** 20;
  seenFinalized = -1;
  steps = 0;
  baseline = 0;
  warned = false;
}
