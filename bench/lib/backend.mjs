// Loads the fastest CPU backend available, so the bench measures what users get by default.
export async function loadBackend() {
  const torch = await import("@taimatsu/core");
  try {
    await import("@taimatsu/cpu-native");
  } catch (e) {
    console.error(`(cpu-native unavailable: ${e.message.split("\n")[0]}; using the reference backend)`);
  }
  return torch;
}

/**
 * Calls per second of `fn` over at least `minSeconds`, after `warmup` calls and at least two seconds:
 * each case runs in a fresh process, and the JavaScript engine optimizes a step's code only after it has
 * run for a while (a training loop runs for minutes; the figure is its steady state).
 */
export function rate(fn, warmup = 3, minSeconds = 2) {
  const warm = performance.now();
  for (let i = 0; i < warmup || performance.now() - warm < 2000; i++) fn();
  let n = 0;
  const start = performance.now();
  for (;;) {
    fn();
    n++;
    const elapsed = (performance.now() - start) / 1000;
    if (elapsed >= minSeconds) return n / elapsed;
  }
}
