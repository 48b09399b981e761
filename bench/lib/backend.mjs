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

/** Calls per second of `fn` over at least `minSeconds`, after `warmup` calls. */
export function rate(fn, warmup = 3, minSeconds = 2) {
  for (let i = 0; i < warmup; i++) fn();
  let n = 0;
  const start = performance.now();
  for (;;) {
    fn();
    n++;
    const elapsed = (performance.now() - start) / 1000;
    if (elapsed >= minSeconds) return n / elapsed;
  }
}
